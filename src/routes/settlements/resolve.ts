import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { audited } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planResolution, RESOLUTION_REFUSALS } from '../../settlement/resolution.js';
import { moneySchema, optionalIdempotencyHeaders } from '../schemas.js';
import { disputeSchema, settlementIdParams } from './schemas.js';

export const resolutionBody = z
  .discriminatedUnion('decision', [
    z
      .object({
        decision: z.literal('accept').openapi({
          description: "Accept: the adjustment goes on the partner's next statement.",
          example: 'accept',
        }),
        note: z.string().trim().min(1).max(1000).openapi({
          description: 'What was accepted, for the statement.',
          example: 'Duplicate folio 88231 reversed',
        }),
        adjustment: z
          .object({
            direction: z.enum(['credit', 'debit']).openapi({
              description: "credit: in the partner's favour; debit: the partner pays more.",
              example: 'credit',
            }),
            amount: moneySchema
              .optional()
              .openapi({ description: 'An amount in the reference currency (terms are quoted in it).' }),
            points: z
              .number()
              .int()
              .positive()
              .max(1e12)
              .optional()
              .openapi({ description: 'Or points, valued at the network point value.', example: 125 }),
          })
          .strict()
          .openapi({ description: 'Exactly one of amount or points.' }),
      })
      .strict(),
    z
      .object({
        decision: z
          .literal('reject')
          .openapi({ description: 'Reject, with the reason the partner reads.', example: 'reject' }),
        reason: z.string().trim().min(1).max(1000).openapi({
          description: 'Why the dispute is rejected.',
          example: 'Both folios are distinct stays',
        }),
      })
      .strict(),
  ])
  .openapi('ResolveDispute', {
    example: {
      decision: 'accept',
      note: 'Duplicate folio 88231 reversed',
      adjustment: { direction: 'credit', points: 125 },
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/settlements/{settlementId}/disputes/{disputeId}/resolution',
  operationId: 'resolveDispute',
  tags: ['Operator: settlement'],
  summary: 'Resolve a dispute',
  description:
    'Accepts a dispute with an adjustment for the next open period, or rejects it with a reason. A dispute is resolved once.',
  ...accepts('operator'),
  request: {
    params: settlementIdParams.extend({
      disputeId: z
        .string()
        .min(1)
        .max(64)
        .openapi({
          param: { name: 'disputeId', in: 'path' },
          description: 'A dsp_ id.',
          example: 'dsp_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
        }),
    }),
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: resolutionBody } } },
  },
  responses: {
    200: { description: 'The resolved dispute.', content: { 'application/json': { schema: disputeSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...RESOLUTION_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { settlementId, disputeId } = c.req.valid('param');
  const body = c.req.valid('json');
  const outcome = await write(c, 'optional', body, () =>
    planResolution(c.get('deps'), settlementId, disputeId, body, (target, summary) => [
      audited(c, { action: 'settlement.dispute_resolve', target, summary }),
    ]),
  );
  return c.json(outcome.body, 200);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { DISPUTE_MAX_LINES, DISPUTE_REFUSALS, planDispute } from '../../settlement/reconciliation.js';
import { idempotencyHeaders } from '../schemas.js';
import { disputeSchema, settlementIdParams } from './schemas.js';

export const disputeBody = z
  .object({
    transferIds: z
      .array(
        z
          .string()
          .min(1)
          .max(64)
          .openapi({ description: "A line's transferId.", example: 'trf_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
      )
      .min(1)
      .max(DISPUTE_MAX_LINES)
      .openapi({
        description: `The disputed lines (1 to ${DISPUTE_MAX_LINES}), each one of yours in this settlement.`,
        example: ['trf_01JD3Z6W3RM0E2F2WB7G0K3T9Q'],
      }),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .openapi({ description: 'Why you dispute them.', example: 'Folio 88231 was earned twice' }),
  })
  .strict()
  .openapi('OpenDispute', {
    example: { transferIds: ['trf_01JD3Z6W3RM0E2F2WB7G0K3T9Q'], reason: 'Folio 88231 was earned twice' },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/settlements/{settlementId}/disputes',
  operationId: 'openDispute',
  tags: ['Partner: settlement'],
  summary: 'Dispute lines of your statement',
  description:
    'Opens a dispute the operator resolves: accepted, it becomes an adjustment on your next statement (a closed statement never changes); rejected, with a reason.',
  ...accepts('partner'),
  request: {
    params: settlementIdParams,
    headers: idempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: disputeBody } } },
  },
  responses: {
    201: { description: 'The dispute.', content: { 'application/json': { schema: disputeSchema } } },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...DISPUTE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { settlementId } = c.req.valid('param');
  const body = c.req.valid('json');
  const { partnerId } = principalOf(c, 'partner');
  const outcome = await write(c, 'required', body, () =>
    planDispute(c.get('deps'), partnerId, settlementId, body),
  );
  return c.json(outcome.body, 201);
};

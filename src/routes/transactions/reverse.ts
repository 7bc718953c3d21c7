import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planReversal, REVERSAL_REFUSALS } from '../../ledger/reverse.js';
import { transactionAsPartnerMaySee } from '../../members/partner-view.js';
import { statusOfEarns } from '../../status/earns.js';
import { idempotencyHeaders, moneySchema } from '../schemas.js';
import { transactionIdParams, transactionSchema } from './schemas.js';

export const reversalBody = z
  .object({
    amount: moneySchema.optional().openapi({
      description:
        'For an earn: the refunded amount, in the original currency; all that remains when absent.',
    }),
    points: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().openapi({
      description: 'For a redemption: the points to give back; all that remains when absent.',
      example: 250,
    }),
    reason: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: 'Why, for the statement.', example: 'Room returned' }),
    externalReference: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .openapi({ description: 'Your refund or return number.', example: 'refund-1182' }),
  })
  .strict()
  .openapi('Reversal', {
    example: {
      amount: { amount: '108.50', currency: 'USD' },
      reason: 'Minibar refunded',
      externalReference: 'refund-1182',
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/transactions/{transactionId}/reversals',
  operationId: 'reverseTransaction',
  tags: ['Partner: ledger'],
  summary: 'Refund an earn or return a redemption',
  description:
    'A refund of an earn takes back points in proportion to the amount refunded, at the original FX snapshot and earn rate, rounded down on the running total, never more than was earned; points already spent become owed and are repaid by the next earns. A return of a redemption puts the points back into their lots.',
  ...accepts('partner'),
  request: {
    params: transactionIdParams,
    headers: idempotencyHeaders,
    body: { required: false, content: { 'application/json': { schema: reversalBody } } },
  },
  responses: {
    201: {
      description: 'The reversal transaction.',
      content: { 'application/json': { schema: transactionSchema } },
    },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...REVERSAL_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { transactionId } = c.req.valid('param');
  const body = c.req.valid('json');
  const { partnerId } = principalOf(c, 'partner');
  const outcome = await write(c, 'required', body, (idempotencyKey) =>
    planReversal(c.get('deps'), partnerId, transactionId, { ...body, idempotencyKey }, statusOfEarns),
  );
  return c.json(await transactionAsPartnerMaySee(c.get('deps'), partnerId, outcome.body), 201);
};

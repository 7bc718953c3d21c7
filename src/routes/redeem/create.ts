import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planRedeem, REDEEM_REFUSALS } from '../../ledger/redeem.js';
import { currencyCode, idempotencyHeaders, moneySchema } from '../schemas.js';
import { redemptionSourceSchema, transactionSchema } from '../transactions/schemas.js';

export const redeemBody = z
  .object({
    memberId: z
      .string()
      .min(1)
      .max(64)
      .openapi({ description: 'The member redeeming.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    points: z
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .openapi({ description: 'Points to redeem. Give this or `amount`.', example: 500 }),
    amount: moneySchema.optional().openapi({
      description: 'An amount to cover; the points needed are rounded up. Give this or `points`.',
    }),
    currency: currencyCode.optional().openapi({
      description:
        "With `points`: the currency to express their value in; the partner's settlement currency by default.",
      example: 'EUR',
    }),
    source: redemptionSourceSchema.optional(),
    externalReference: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .openapi({ description: 'Your order or receipt number.', example: 'order-5521' }),
    payCode: z.string().min(1).max(64).optional().openapi({
      description:
        "The one-time pay code the member's wallet shows (text or QR code): proof that the member is there, needed when the network's MEMBER_PRESENCE setting asks for it. Used up by this redemption.",
      example: 'P4YC-0DE7-QR5T-WX2M',
    }),
  })
  .strict()
  .openapi('Redeem', {
    example: {
      memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
      points: 500,
      source: { type: 'auto' },
      externalReference: 'order-5521',
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/redeem',
  operationId: 'redeemPoints',
  tags: ['Partner: ledger'],
  summary: 'Redeem points',
  description:
    'Spends points at this partner; a point is worth the network point value everywhere, converted at the newest FX snapshot. Never overdraws, whatever runs concurrently. Where MEMBER_PRESENCE asks for it, the member shows a one-time pay code from their wallet (`payCode`); a code used, expired, of another member, for another partner or for fewer points is refused and changes nothing.',
  ...accepts('partner'),
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: redeemBody } } },
  },
  responses: {
    201: { description: 'The redemption.', content: { 'application/json': { schema: transactionSchema } } },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...REDEEM_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { partnerId } = principalOf(c, 'partner');
  const outcome = await write(c, 'required', body, (idempotencyKey) =>
    planRedeem(c.get('deps'), partnerId, { ...body, idempotencyKey }),
  );
  return c.json(outcome.body, 201);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { EARN_REFUSALS, planEarn } from '../../ledger/earn.js';
import { transactionAsPartnerMaySee } from '../../members/partner-view.js';
import { statusOfEarns } from '../../status/earns.js';
import { idempotencyHeaders, moneySchema } from '../schemas.js';
import { transactionSchema } from '../transactions/schemas.js';

export const earnBody = z
  .object({
    memberId: z
      .string()
      .min(1)
      .max(64)
      .openapi({ description: 'The member earning.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    amount: moneySchema.openapi({
      description: 'The purchase amount, in any currency with a published rate.',
    }),
    lines: z
      .array(
        z
          .object({
            amount: moneySchema.shape.amount.openapi({
              description: 'Line amount in the purchase currency.',
              example: '40.00',
            }),
            category: z
              .string()
              .min(1)
              .max(64)
              .optional()
              .openapi({ description: "Category for the partner's multipliers.", example: 'prescription' }),
          })
          .strict(),
      )
      .min(1)
      .max(200)
      .optional()
      .openapi({
        description:
          'Line items; they must add up to `amount`. Each earns at its category multiplier (1 when not configured).',
      }),
    externalReference: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .openapi({ description: 'Your order, folio or receipt number.', example: 'folio-88231' }),
    hold: z
      .object({
        expiresAt: z.iso
          .datetime({ offset: true, message: 'must be an RFC 3339 time such as "2026-12-20T12:00:00Z"' })
          .optional()
          .openapi({
            description:
              'When the hold lapses if not captured (RFC 3339); default 30 days, at most HOLD_MAX_DAYS.',
            example: '2026-12-20T12:00:00Z',
          }),
      })
      .strict()
      .optional()
      .openapi({
        description:
          'Make this a pending earn (a stay or order that can still be cancelled): captured or voided later.',
      }),
  })
  .strict()
  .openapi('Earn', {
    example: {
      memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
      amount: { amount: '120.00', currency: 'EUR' },
      lines: [
        { amount: '80.00', category: 'cosmetics' },
        { amount: '40.00', category: 'prescription' },
      ],
      externalReference: 'receipt-2231',
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/earn',
  operationId: 'earnPoints',
  tags: ['Partner: ledger'],
  summary: 'Earn points for a purchase',
  description:
    "Converts the amount into points at the partner's earn rate and category multipliers, through the newest FX snapshot, rounding down once. Points the member owes are repaid first. With `hold`, the points are pending until captured.",
  ...accepts('partner'),
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: earnBody } } },
  },
  responses: {
    201: {
      description: 'The earn transaction.',
      content: { 'application/json': { schema: transactionSchema } },
    },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...EARN_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { partnerId } = principalOf(c, 'partner');
  const outcome = await write(c, 'required', body, (idempotencyKey) =>
    planEarn(c.get('deps'), partnerId, { ...body, idempotencyKey }, statusOfEarns),
  );
  return c.json(await transactionAsPartnerMaySee(c.get('deps'), partnerId, outcome.body), 201);
};

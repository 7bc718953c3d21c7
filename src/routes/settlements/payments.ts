import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { audited } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { PAYMENT_REFUSALS, planPayment } from '../../settlement/payments.js';
import { moneySchema, optionalIdempotencyHeaders } from '../schemas.js';
import { settlementIdParams, statementViewSchema } from './schemas.js';

export const paymentBody = z
  .object({
    partnerId: z
      .string()
      .min(1)
      .max(64)
      .openapi({ description: 'Whose statement was paid.', example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    amount: moneySchema.openapi({
      description:
        "The amount paid, in the statement's settlement currency, in whichever direction its net runs.",
    }),
    reference: z.string().trim().min(1).max(128).openapi({
      description: 'The bank or transfer reference; a payment is recorded once per reference.',
      example: 'SEPA-2026-12-0042',
    }),
    paidAt: z.iso
      .datetime({ offset: true, message: 'must be an RFC 3339 time such as "2026-12-03T00:00:00Z"' })
      .optional()
      .openapi({
        description: 'When the money moved (RFC 3339); defaults to now.',
        example: '2026-12-03T00:00:00Z',
      }),
  })
  .strict()
  .openapi('SettlementPayment', {
    example: {
      partnerId: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
      amount: { amount: '3.31', currency: 'USD' },
      reference: 'SEPA-2026-12-0042',
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/settlements/{settlementId}/payments',
  operationId: 'recordSettlementPayment',
  tags: ['Operator: settlement'],
  summary: 'Record a payment of a statement',
  description:
    'Records money received from the partner (positive net) or paid to it (negative net). Payments may be partial but never add up to more than the net. The same reference again with the same amount answers 200 and records nothing; with another amount, 409.',
  ...accepts('operator'),
  request: {
    params: settlementIdParams,
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: paymentBody } } },
  },
  responses: {
    201: {
      description: 'The statement with the payment recorded.',
      content: { 'application/json': { schema: statementViewSchema } },
    },
    200: {
      description: 'This payment was recorded before: the statement as it is.',
      content: { 'application/json': { schema: statementViewSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, ...PAYMENT_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { settlementId } = c.req.valid('param');
  const body = c.req.valid('json');
  const payment = {
    partnerId: body.partnerId,
    amount: body.amount,
    reference: body.reference,
    paidAtMs: body.paidAt === undefined ? undefined : Date.parse(body.paidAt),
  };
  const outcome = await write(c, 'optional', body, () =>
    planPayment(c.get('deps'), settlementId, payment, (target, summary) => [
      audited(c, { action: 'settlement.payment', target, summary }),
    ]),
  );
  return c.json(outcome.body, outcome.status);
};

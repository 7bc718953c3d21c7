import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { planRefund, REFUND_REFUSALS } from '../../gift-cards/payments.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { idempotencyHeaders } from '../schemas.js';
import { amountBody, paymentIdParams, paymentSchema } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/gift-cards/payments/{paymentId}/refunds',
  operationId: 'refundGiftCardPayment',
  tags: ['Partner: gift cards'],
  summary: 'Refund a gift card payment onto the card',
  description:
    'Gives back (part of) a payment you took, onto the card it came from; never more than what is left of that payment, however many refunds arrive at once. What the network pays you goes down by as much.',
  ...accepts('partner'),
  request: {
    headers: idempotencyHeaders,
    params: paymentIdParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object(amountBody)
            .strict()
            .openapi('GiftCardRefund', { example: { amount: { amount: '4.00', currency: 'USD' } } }),
        },
      },
    },
  },
  responses: {
    201: { description: 'The refund.', content: { 'application/json': { schema: paymentSchema } } },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...REFUND_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { paymentId } = c.req.valid('param');
  const body = c.req.valid('json');
  const partnerId = principalOf(c, 'partner').partnerId;
  const outcome = await write(c, 'required', body, (idempotencyKey) =>
    planRefund(c.get('deps'), partnerId, paymentId, { ...body, idempotencyKey }),
  );
  return c.json(outcome.body, 201);
};

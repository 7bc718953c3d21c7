import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import { LOOKUP_REFUSALS, lookUpGiftCard } from '../../gift-cards/lookup.js';
import { planSpend, SPEND_REFUSALS } from '../../gift-cards/payments.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { idempotencyHeaders } from '../schemas.js';
import { amountBody, codeField, paymentSchema } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/gift-cards/payments',
  operationId: 'payWithGiftCard',
  tags: ['Partner: gift cards'],
  summary: 'Take payment with a gift card',
  description:
    "A coalition gift card is money at every partner: the amount, in the card's currency, comes off its balance, never below zero whatever spends it at once. The network pays you what it bought, in your settlement currency at the close's FX snapshot. Guessed codes count as for the balance check.",
  ...accepts('partner'),
  request: {
    headers: idempotencyHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ code: codeField, ...amountBody })
            .strict()
            .openapi('GiftCardSpend', {
              example: {
                code: 'Q4ZK-7M2P-WX9D-E3HA-K3T9',
                amount: { amount: '12.50', currency: 'USD' },
                externalReference: 'receipt-20270212-0042',
              },
            }),
        },
      },
    },
  },
  responses: {
    201: { description: 'The payment.', content: { 'application/json': { schema: paymentSchema } } },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...LOOKUP_REFUSALS, ...SPEND_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const partnerId = principalOf(c, 'partner').partnerId;
  const card = await lookUpGiftCard(deps, partnerId, body.code);
  if (isDomainError(card)) fail(card);
  const outcome = await write(c, 'required', body, (idempotencyKey) =>
    planSpend(deps, partnerId, card, { ...body, idempotencyKey }),
  );
  return c.json(outcome.body, 201);
};

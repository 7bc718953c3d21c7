import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import { LOOKUP_REFUSALS, lookUpGiftCard } from '../../gift-cards/lookup.js';
import { giftCardView } from '../../gift-cards/views.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { codeField, giftCardSchema } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/gift-cards/balance',
  operationId: 'checkGiftCardBalance',
  tags: ['Partner: gift cards'],
  summary: "Check a gift card's balance",
  description:
    'The code goes in the body, never in a URL. An unknown code counts as a guess: past GIFT_CARD_GUESS_LIMIT unknown codes in an hour, every look-up of the partner is refused (429) until the hour ends.',
  ...accepts('partner'),
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ code: codeField })
            .strict()
            .openapi('GiftCardLookup', { example: { code: 'Q4ZK-7M2P-WX9D-E3HA-K3T9' } }),
        },
      },
    },
  },
  responses: {
    200: { description: 'The card.', content: { 'application/json': { schema: giftCardSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', ...LOOKUP_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { code } = c.req.valid('json');
  const deps = c.get('deps');
  const card = await lookUpGiftCard(deps, principalOf(c, 'partner').partnerId, code);
  if (isDomainError(card)) fail(card);
  return c.json(giftCardView(card, deps.clock()), 200);
};

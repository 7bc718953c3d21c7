import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { giftCardsOfMember } from '../../db/gift-cards.js';
import { giftCardView } from '../../gift-cards/views.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { giftCardSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/gift-cards',
  operationId: 'listMyGiftCards',
  tags: ['Member: gift cards'],
  summary: 'My gift cards',
  description:
    'Newest first, with their balances. Codes are never shown here: ask for a code to present at a till.',
  ...accepts('member'),
  responses: {
    200: {
      description: 'My cards.',
      content: {
        'application/json': {
          schema: z
            .object({ data: z.array(giftCardSchema).openapi({ description: 'Newest first.' }) })
            .openapi('MyGiftCards'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const rows = await giftCardsOfMember(deps.db, memberOf(c));
  return c.json({ data: rows.map((row) => giftCardView(row, deps.clock())) }, 200);
};

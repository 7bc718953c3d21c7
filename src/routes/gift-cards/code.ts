import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { planNewCode } from '../../gift-cards/codes.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { codeField, giftCardIdParams } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/me/gift-cards/{giftCardId}/code',
  operationId: 'issueGiftCardCode',
  tags: ['Member: gift cards'],
  summary: 'A code to pay with my gift card',
  description:
    'Shown once: Tessera keeps only its hash. Asking again gives a new code and the old one stops working, so a lost or seen code is simply replaced. No Idempotency-Key: a replay must never show a code again.',
  ...accepts('member'),
  request: { params: giftCardIdParams },
  responses: {
    201: {
      description: 'The new code.',
      content: {
        'application/json': {
          schema: z
            .object({
              giftCardId: z
                .string()
                .openapi({ description: 'The card.', example: 'gft_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              code: codeField,
              codeHint: z.string().openapi({ description: 'Its last four characters.', example: 'K3T9' }),
            })
            .openapi('GiftCardCode'),
        },
      },
    },
    ...errorResponses(...WRITE_ERRORS, 'gift_card_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { giftCardId } = c.req.valid('param');
  const memberId = memberOf(c);
  const outcome = await write(c, 'none', {}, () => planNewCode(c.get('deps'), memberId, giftCardId));
  return c.json(outcome.body, 201);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { quote } from '../../ledger/quote.js';
import { currencyCode, moneySchema } from '../schemas.js';

export const quoteQuery = z.object({
  amount: moneySchema.shape.amount.optional().openapi({
    description: 'An amount to price in points at your earn rate. Give this or `points`.',
    example: '120.00',
  }),
  points: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().openapi({
    // No example: a quote takes `amount` or `points`, and the examples together are one request.
    description: 'Points to value in `currency` (for example 500). Give this or `amount`.',
  }),
  currency: currencyCode,
  category: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'With `amount`: the category whose multiplier applies.', example: 'cosmetics' }),
});

export const route = createRoute({
  method: 'get',
  path: '/v1/quote',
  operationId: 'getQuote',
  tags: ['Partner: ledger'],
  summary: 'Quote points for an amount, or the value of points',
  description: 'Nothing is written. Uses the same rules and rounding as earn (down) and redeem (half-even).',
  ...accepts('partner'),
  request: { query: quoteQuery },
  responses: {
    200: {
      description: 'The quote.',
      content: {
        'application/json': {
          schema: z
            .object({
              points: z
                .number()
                .int()
                .openapi({ description: 'Points awarded for `amount`, or the points valued.', example: 110 }),
              value: moneySchema.openapi({ description: 'The amount priced, or what the points are worth.' }),
              fx: z
                .object({
                  snapshotId: z.string().openapi({
                    description: 'The FX snapshot used.',
                    example: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
                  }),
                  rate: z.string().openapi({
                    description: '1 reference currency = rate units of `currency`.',
                    example: '1.085',
                  }),
                })
                .openapi({ description: 'The rate used.' }),
            })
            .openapi('Quote'),
        },
      },
    },
    ...errorResponses(
      'unauthorized',
      'invalid_token',
      'unknown_currency',
      'invalid_amount',
      'too_many_decimals',
      'fx_rate_missing',
      'fx_rate_stale',
    ),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const { partnerId } = principalOf(c, 'partner');
  const result = await quote(c.get('deps'), partnerId, query);
  if (isDomainError(result)) fail(result);
  return c.json(result, 200);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { giftCardLiabilityReport } from '../../gift-cards/liability.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { moneySchema } from '../schemas.js';

const perCurrency = z
  .object({
    currency: z.string().openapi({ description: 'The cards’ currency.', example: 'EUR' }),
    cards: z.number().int().openapi({ description: 'Cards issued.', example: 170 }),
    points: z.number().int().openapi({ description: 'Points they were made of.', example: 512_300 }),
    issued: moneySchema.openapi({ description: 'What they were issued for.' }),
    spent: moneySchema.openapi({ description: 'What they bought at partners.' }),
    refunded: moneySchema.openapi({ description: 'What partners refunded onto them.' }),
    outstanding: moneySchema.openapi({ description: 'Left on live cards: the liability.' }),
    expired: moneySchema.openapi({ description: 'Left on expired cards: no longer owed.' }),
  })
  .openapi('GiftCardCurrencyLiability');

export const giftCardLiabilitySchema = z
  .object({
    asOf: z.string().openapi({
      description: 'When it was read (RFC 3339).',
      example: '2027-02-21T09:00:00.000Z',
    }),
    currencies: z.array(perCurrency).openapi({ description: 'By currency.' }),
    outstandingReference: z
      .object({
        fxSnapshotId: z
          .string()
          .nullable()
          .openapi({ description: 'The rates used.', example: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
        exact: z.string().nullable().openapi({
          description: 'Exactly (a fraction when a rate divides it); null without a rate.',
          example: '1234.5',
        }),
        amount: moneySchema.nullable().openapi({ description: 'Rounded half-even to the cent.' }),
      })
      .openapi({ description: 'All live cards in the reference currency.' }),
  })
  .openapi('GiftCardLiability');

export const route = createRoute({
  method: 'get',
  path: '/v1/gift-cards/liability',
  operationId: 'getGiftCardLiability',
  tags: ['Operator: gift cards'],
  summary: 'Gift card liability',
  description:
    'What the network owes on coalition gift cards, per currency (issued − spent + refunded = outstanding + expired), and the outstanding total in the reference currency at the newest FX snapshot (exact, and rounded half-even).',
  ...accepts('operator'),
  responses: {
    200: {
      description: 'The liability now.',
      content: {
        'application/json': {
          schema: giftCardLiabilitySchema,
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  return c.json(await giftCardLiabilityReport(c.get('deps')), 200);
};

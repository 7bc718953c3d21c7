import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { readNetworkSummary } from '../../settlement/summary.js';
import { giftCardLiabilitySchema } from '../gift-cards/liability.js';
import { moneySchema } from '../schemas.js';
import { signedMoneySchema } from '../settlements/document-schemas.js';
import { pointTotalsSchema } from '../settlements/settlement-schemas.js';

const exact = (description: string, example: string) =>
  z.string().openapi({ description: `${description} Exact decimal in reference currency.`, example });
const marginFields = {
  issuanceFeesExact: exact('Issuance fees.', '1440'),
  reimbursementsExact: exact('Reimbursements.', '617.5'),
  adjustmentsExact: exact('Adjustments; positive: partners pay more.', '-1.25'),
  marginExact: exact("The network's margin: fees - reimbursements + adjustments.", '821.25'),
  networkFundedExact: exact(
    "What the network's promotions budget funded (goodwill, gifts), at the price recorded on each transfer.",
    '3',
  ),
  networkFunded: z
    .array(
      z.object({
        kind: z
          .string()
          .openapi({ description: 'A network-funded kind of the registry.', example: 'gap_gift' }),
        points: z.number().int().openapi({ description: 'Points of that kind.', example: 50 }),
        amountExact: exact('Their cost; negative for a reversal.', '0.5'),
      }),
    )
    .openapi({
      description:
        'What the network funded, kind by kind: goodwill, gap gifts (gratitude), network-funded tier bonuses and what refunds took back of them.',
    }),
  marginAfterNetworkFundedExact: exact('The margin after what the network funded.', '818.25'),
};

const giftCardPaymentsSchema = z
  .array(
    z.object({
      currency: z.string().openapi({ description: "The cards' currency.", example: 'USD' }),
      payments: z.number().int().openapi({ description: 'Payments partners took from cards.', example: 42 }),
      refunds: z.number().int().openapi({ description: 'Refunds partners made onto cards.', example: 3 }),
      spent: moneySchema.openapi({ description: 'What cards bought at partners, exactly.' }),
      refunded: moneySchema.openapi({ description: 'What partners refunded onto cards, exactly.' }),
      net: moneySchema.openapi({
        description: 'spent − refunded: what the network pays the accepting partners for it.',
      }),
    }),
  )
  .openapi({ description: 'Per card currency; empty when no card paid for anything.' });

export const networkSummarySchema = z
  .object({
    asOfSequence: z
      .number()
      .int()
      .openapi({ description: 'The ledger sequence the figures stand at.', example: 1875 }),
    referenceCurrency: z.string().openapi({ description: 'The reference currency.', example: 'EUR' }),
    pointValue: z
      .string()
      .openapi({ description: 'The value of one point in reference currency.', example: '0.01' }),
    points: pointTotalsSchema,
    outstandingLiability: z
      .object({
        points: z.number().int().openapi({ description: 'Points in member wallets.', example: 54460 }),
        value: signedMoneySchema.openapi({ description: 'Their value at the point value.' }),
      })
      .openapi({ description: 'What the network owes members as future redemptions.' }),
    breakage: z
      .object({
        points: z.number().int().openapi({ description: 'Points expired to date.', example: 1200 }),
        value: signedMoneySchema.openapi({ description: 'Their value at the point value.' }),
      })
      .openapi({ description: 'Expired points: liability released.' }),
    toDate: z
      .object(marginFields)
      .openapi({ description: 'Since the ledger began, with the adjustments settled so far.' }),
    openPeriod: z
      .object({
        fromSequence: z.number().int().openapi({ description: "The last close's sequence.", example: 1200 }),
        toSequence: z
          .number()
          .int()
          .openapi({ description: "The newest transfer's sequence.", example: 1875 }),
        points: pointTotalsSchema,
        adjustmentsPending: z
          .number()
          .int()
          .openapi({ description: 'Accepted disputes waiting for the next close.', example: 0 }),
        ...marginFields,
      })
      .openapi({ description: 'What the next close would settle.' }),
    giftCardPayments: z
      .object({
        toDate: giftCardPaymentsSchema,
        settled: giftCardPaymentsSchema.openapi({
          description:
            'Through the last close: paid to partners on their statements, each period converted at its close’s FX snapshot (the settlement’s giftCardPaymentsExact).',
        }),
        openPeriod: giftCardPaymentsSchema.openapi({
          description: 'Since the last close: what the next close will pay the accepting partners.',
        }),
      })
      .openapi({
        description:
          'What coalition gift cards bought at partners, in the cards’ currencies. Not in the margins above, which count points; a settlement subtracts them from its margin at its FX snapshot.',
      }),
    giftCardLiability: giftCardLiabilitySchema.openapi({
      description: 'What the network owes on gift cards now, as GET /v1/gift-cards/liability answers it.',
    }),
    lastSettlement: z
      .object({
        id: z.string().openapi({ description: 'Settlement id.', example: 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
        number: z.number().int().openapi({ description: 'Its number.', example: 7 }),
        toSequence: z.number().int().openapi({ description: 'The sequence it closed at.', example: 1200 }),
      })
      .nullable()
      .openapi({ description: 'The newest settlement, or null before the first close.' }),
  })
  .openapi('NetworkSummary');

export const route = createRoute({
  method: 'get',
  path: '/v1/network/summary',
  operationId: 'getNetworkSummary',
  tags: ['Operator: settlement'],
  summary: 'Network totals',
  description:
    "Points issued and redeemed, the liability (points in wallets), breakage and margin, from the ledger's running totals (the same cost at any size); what gift cards bought at partners (to date, settled, open period) and the gift card liability per currency.",
  ...accepts('operator'),
  responses: {
    200: { description: 'The summary.', content: { 'application/json': { schema: networkSummarySchema } } },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) =>
  c.json(await readNetworkSummary(c.get('deps')), 200);

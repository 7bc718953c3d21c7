import { z } from '@hono/zod-openapi';

/** OpenAPI schemas of the signed documents (src/domain/settlement/documents.ts), field by field. */

const PARTNER = 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q';
const OTHER_PARTNER = 'ptn_01JD3Z7A1B2C3D4E5F6G7H8J9K';

const points = (description: string, example: number) => z.number().int().openapi({ description, example });
const exact = (description: string, example: string) =>
  z.string().openapi({ description: `${description} Exact decimal string.`, example });
const text = (description: string, example: string) => z.string().openapi({ description, example });

export const signedMoneySchema = z
  .object({
    amount: text(
      "Decimal string with the currency's decimals; negative when it runs the other way.",
      '-12.35',
    ),
    currency: text('ISO 4217 currency code.', 'USD'),
  })
  .openapi('SignedMoney', { description: 'An exact amount of money that may be negative.' });

const money = (description: string) => signedMoneySchema.openapi({ description });

export const periodSchema = z
  .object({
    previousSettlementId: z.string().nullable().openapi({
      description: 'The settlement closed before this one; null for the first.',
      example: 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    fromSequence: points('Transfers with a sequence above this are in the period (exclusive).', 1200),
    toSequence: points('Transfers up to and including this sequence are in the period.', 1875),
    closedAt: text('When the period was closed (RFC 3339, UTC).', '2026-11-30T23:00:00.000Z'),
  })
  .openapi('SettlementPeriod', {
    description: 'A range of the ledger sequence; every transfer belongs to exactly one period.',
  });

const breakdownSchema = (currencyRole: string) =>
  z
    .object({
      issuanceFee: money(`Issue price x net points issued, in ${currencyRole}: what the partner pays.`),
      reimbursement: money(
        `Redeem rate x net points redeemed at the partner, in ${currencyRole}: what the network pays.`,
      ),
      giftCardPayments: money(
        `What coalition gift cards bought at the partner, net of refunds, in ${currencyRole}: what the network pays. Present only when not zero.`,
      ).optional(),
      adjustments: money(`Accepted disputes, in ${currencyRole}; positive adds to what the partner pays.`),
      net: money(
        `issuanceFee - reimbursement - giftCardPayments + adjustments, in ${currencyRole}, each rounded half-even first; positive: the partner pays.`,
      ),
      netExact: exact('The net before rounding.', '13.02145'),
      roundingResidue: exact('net - netExact: what rounding the lines added.', '-0.00145'),
    })
    .openapi({ description: `The statement's amounts in ${currencyRole}.` });

const flowFields = {
  pointsRedeemed: points('Points redeemed in the period.', 300),
  pointsReturned: points('Of those and earlier redemptions, points returned in the period.', 0),
  points: points('pointsRedeemed - pointsReturned.', 300),
  value: money('points x the network point value, in reference currency.'),
};

export const statementDocumentSchema = z
  .object({
    type: z
      .literal('tessera.statement.v1')
      .openapi({ description: 'Document type and version.', example: 'tessera.statement.v1' }),
    issuer: text('The network that signed the statement.', 'tessera'),
    settlementId: text('The settlement.', 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    settlementNumber: points("The settlement's number: 1, 2, 3… without gaps.", 7),
    partner: z
      .object({
        id: text('Partner id.', PARTNER),
        name: text('Partner name at the close.', 'Harbor Hotel San Diego'),
        settlementCurrency: text('The currency the partner settles in.', 'USD'),
      })
      .openapi({ description: 'The partner.' }),
    period: periodSchema,
    referenceCurrency: text('The network reference currency; terms are quoted in it.', 'EUR'),
    pointValue: text('The value of one point in reference currency.', '0.01'),
    fx: z
      .object({
        snapshotId: text('The FX snapshot of the close.', 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
        asOf: text('The market time of the snapshot.', '2026-11-30T22:00:00.000Z'),
        rate: text('1 reference unit = rate units of the settlement currency.', '1.0850'),
      })
      .openapi({ description: 'The FX rate every settlement-currency amount was converted at.' }),
    points: z
      .object({
        issued: points('Points the partner issued (earns and captures).', 1000),
        issueReversed: points("Points taken back by the partner's refunds.", 30),
        debtRepaid: points('Points owed to the partner after refunds, repaid from later earnings.', 0),
        netIssued: points('issued - issueReversed - debtRepaid.', 970),
        redeemed: points('Points redeemed at the partner.', 300),
        redeemReturned: points('Points of redemptions at the partner given back.', 0),
        netRedeemed: points('redeemed - redeemReturned.', 300),
        expired: points('Points the partner issued that expired in the period (breakage; informational).', 0),
        transfers: points('Ledger transfers settled with the partner in the period: its lines.', 4),
      })
      .openapi({ description: 'The period in points.' }),
    lines: z
      .array(
        z.object({
          kind: text(
            'Transfer kind: earn, earn_reversal, debt_repayment, redeem or redeem_reversal.',
            'earn',
          ),
          unitPrice: text(
            'The issue price or redeem rate in force when the transfers were posted (a reversal: of the original).',
            '0.012',
          ),
          points: points('Points of these transfers.', 1000),
          transfers: points('How many transfers.', 3),
          amountExact: exact('points x unitPrice in reference currency; positive: the partner pays.', '12'),
        }),
      )
      .openapi({
        description:
          'The transfers of the period grouped by kind and unit price; they add up to the amounts.',
      }),
    giftCards: z
      .array(
        z.object({
          currency: text('The cards’ currency.', 'EUR'),
          spent: money('What cards in this currency bought at the partner.'),
          refunded: money('What the partner refunded onto cards in this currency.'),
          payments: points('Payments taken with cards.', 12),
          refunds: points('Refunds onto cards.', 1),
          amountReferenceExact: exact(
            '(spent - refunded) / the snapshot rate of the currency, in reference currency: what the network pays.',
            '118.5',
          ),
        }),
      )
      .optional()
      .openapi({
        description:
          'What coalition gift cards bought at the partner in the period, per card currency. Present only when there was some.',
      }),
    adjustments: z
      .array(
        z.object({
          id: text('Adjustment id.', 'adj_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
          disputeId: text('The accepted dispute.', 'dsp_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
          direction: z.enum(['credit', 'debit']).openapi({
            description: "credit: in the partner's favour; debit: the partner pays more.",
            example: 'credit',
          }),
          amountExact: exact('Signed amount in reference currency; positive: the partner pays.', '-1.25'),
          points: z
            .number()
            .int()
            .nullable()
            .openapi({ description: 'The points the adjustment was given in, if any.', example: null }),
          note: text("The operator's note.", 'Duplicate folio 88231 earned twice'),
        }),
      )
      .openapi({ description: 'Disputes accepted since the previous close.' }),
    reference: breakdownSchema('reference currency'),
    settlement: breakdownSchema('the settlement currency'),
    payment: z
      .object({
        direction: z
          .enum(['partner_pays', 'network_pays', 'nothing_due'])
          .openapi({ description: 'Who pays whom.', example: 'partner_pays' }),
        amount: money('The amount to pay, in the settlement currency (never negative).'),
      })
      .openapi({ description: 'The one payment instruction of the period.' }),
    flows: z
      .object({
        issued: z
          .array(
            z.object({
              redeemerPartnerId: text("Where the partner's points were redeemed.", OTHER_PARTNER),
              ...flowFields,
            }),
          )
          .openapi({ description: "The partner's row of the flow matrix." }),
        redeemed: z
          .array(
            z.object({
              issuerPartnerId: text('Who issued the points redeemed at the partner.', OTHER_PARTNER),
              ...flowFields,
            }),
          )
          .openapi({ description: "The partner's column of the flow matrix." }),
      })
      .openapi({ description: 'Partner-to-partner flows from lot provenance.' }),
    unclassified: z
      .array(
        z.object({
          kind: text('Transfer kind.', 'promotion'),
          points: points('Points.', 0),
          transfers: points('Transfers.', 0),
        }),
      )
      .openapi({
        description: 'Transfer kinds settlement does not price, listed so nothing is left out silently.',
      }),
  })
  .openapi('StatementDocument', {
    description: 'The signed statement: its canonical JSON bytes are the JWS payload.',
  });

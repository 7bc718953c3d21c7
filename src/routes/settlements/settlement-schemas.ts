import { z } from '@hono/zod-openapi';
import { periodSchema, signedMoneySchema } from './document-schemas.js';

/** OpenAPI schema of the signed settlement document (src/domain/settlement/documents.ts). */

const PARTNER = 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q';
const OTHER_PARTNER = 'ptn_01JD3Z7A1B2C3D4E5F6G7H8J9K';

const points = (description: string, example: number) => z.number().int().openapi({ description, example });
const text = (description: string, example: string) => z.string().openapi({ description, example });
const money = (description: string) => signedMoneySchema.openapi({ description });

export const pointTotalsSchema = z
  .object({
    transfers: points('Ledger transfers.', 1875),
    issued: points('Points issued.', 120000),
    issueReversed: points('Points taken back by refunds.', 800),
    debtRepaid: points('Points owed after refunds, repaid from later earnings.', 40),
    redeemed: points('Points redeemed.', 65000),
    redeemReturned: points('Points of redemptions given back.', 500),
    expired: points('Points expired (breakage).', 1200),
    networkFunded: points(
      "Points the network's promotions budget gave (goodwill, gifts, network bonuses).",
      300,
    ),
    outstandingLiability: points('Points in member wallets: future redemptions the network owes.', 54460),
  })
  .openapi('PointTotals', { description: 'Network totals in points.' });

export const nettingSchema = z
  .object({
    issuanceFeesExact: text('All issuance fees, exact, in reference currency.', '1440.00'),
    reimbursementsExact: text('All reimbursements, exact, in reference currency.', '617.50'),
    adjustmentsExact: text('All adjustments, exact; positive: partners pay more.', '-1.25'),
    giftCardPaymentsExact: text(
      'What the network paid partners for what coalition gift cards bought, exact; present only when not zero.',
      '118.5',
    ).optional(),
    marginExact: text(
      'What the network earns in the period, exact: fees - reimbursements - gift card payments + adjustments.',
      '821.25',
    ),
    networkFundedExact: text(
      'What the network funded itself in the period, exact (see networkFunded): a cost no partner pays.',
      '3.00',
    ),
    marginAfterNetworkFundedExact: text(
      'marginExact - networkFundedExact: what the period earned the network after what it gave.',
      '818.25',
    ),
    sumOfNets: money("The sum of the partners' rounded nets in reference currency."),
    roundingResidue: text(
      'sumOfNets - marginExact: what rounding each statement to the cent added, shown rather than hidden.',
      '0.004',
    ),
    networkNet: money(
      "The network's own net, signed like a partner's: -(marginExact + roundingResidue). The partners' nets plus this are 0.",
    ),
  })
  .openapi('Netting', { description: 'Multilateral netting through the network.' });

export const settlementDocumentSchema = z
  .object({
    type: z
      .literal('tessera.settlement.v1')
      .openapi({ description: 'Document type and version.', example: 'tessera.settlement.v1' }),
    issuer: text('The network that signed the document.', 'tessera'),
    settlementId: text('Settlement id.', 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    number: points("The settlement's number: 1, 2, 3… without gaps.", 7),
    period: periodSchema,
    referenceCurrency: text('The network reference currency.', 'EUR'),
    pointValue: text('The value of one point in reference currency.', '0.01'),
    fx: z
      .object({
        snapshotId: text('The FX snapshot of the close.', 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
        asOf: text('The market time of the snapshot.', '2026-11-30T22:00:00.000Z'),
        rates: z.record(z.string(), z.string()).openapi({
          description: 'The rates used: currency -> units per reference unit.',
          example: { USD: '1.0850' },
        }),
      })
      .openapi({ description: 'The FX snapshot of the close.' }),
    statements: z
      .array(
        z.object({
          partnerId: text('Partner id.', PARTNER),
          net: money("The net in the partner's settlement currency; positive: the partner pays."),
          netReference: money('The net in reference currency.'),
          netReferenceExact: text('The net in reference currency before rounding.', '12.004'),
          direction: z
            .enum(['partner_pays', 'network_pays', 'nothing_due'])
            .openapi({ description: 'Who pays whom.', example: 'partner_pays' }),
          digest: text(
            "SHA-256 (base64url) of the statement's canonical bytes: binds each statement into this document.",
            'EYBD-clxF_zo79FLkUhteDCaKE3GM6tN9BxY9FQJ95E',
          ),
        }),
      )
      .openapi({ description: 'One payment instruction per partner.' }),
    flows: z
      .array(
        z.object({
          issuerPartnerId: text('Who issued the points.', PARTNER),
          redeemerPartnerId: text('Where they were redeemed.', OTHER_PARTNER),
          pointsRedeemed: points('Points redeemed in the period.', 300),
          pointsReturned: points('Points returned in the period.', 0),
          points: points('pointsRedeemed - pointsReturned.', 300),
          value: money('points x point value, in reference currency.'),
        }),
      )
      .openapi({ description: 'The partner-to-partner flow matrix, from lot provenance.' }),
    breakage: z
      .array(
        z.object({
          issuerPartnerId: text('Who issued the expired points.', PARTNER),
          points: points('Points expired.', 120),
          value: money('Their value at the point value.'),
        }),
      )
      .openapi({ description: 'Points that expired in the period, by issuer.' }),
    crossIssuerReversals: z
      .array(
        z.object({
          issuerPartnerId: text('Who issued the points taken back.', OTHER_PARTNER),
          reversingPartnerId: text('Whose refund took them back.', PARTNER),
          points: points('Points.', 20),
        }),
      )
      .openapi({ description: "Points of one issuer taken back by another partner's refund." }),
    unclassified: z
      .array(
        z.object({
          partnerId: text('Settled party.', 'network'),
          kind: text('Transfer kind.', 'promotion'),
          points: points('Points.', 0),
          transfers: points('Transfers.', 0),
        }),
      )
      .openapi({ description: 'Transfer kinds settlement does not price.' }),
    networkFunded: z
      .array(
        z.object({
          kind: text('Transfer kind, from the registry of kinds.', 'goodwill'),
          unitPrice: text('The price per point recorded on its transfers, in reference currency.', '0.01'),
          points: points('Points.', 300),
          transfers: points('Transfers.', 4),
          amountExact: text('points x unitPrice, exact, in reference currency: a cost to the network.', '3'),
        }),
      )
      .openapi({
        description:
          "What the network's promotions budget funded in the period (goodwill, gifts, network bonuses): on no partner's statement.",
      }),
    totals: z
      .object({ period: pointTotalsSchema, atClose: pointTotalsSchema })
      .openapi({ description: 'Network totals in the period and at the close.' }),
    netting: nettingSchema,
  })
  .openapi('SettlementDocument', {
    description: 'The signed settlement: its canonical JSON bytes are the JWS payload.',
  });

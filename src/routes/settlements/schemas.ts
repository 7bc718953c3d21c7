import { z } from '@hono/zod-openapi';
import { idParam, pageQuery } from '../schemas.js';
import { periodSchema, signedMoneySchema, statementDocumentSchema } from './document-schemas.js';
import { nettingSchema, pointTotalsSchema, settlementDocumentSchema } from './settlement-schemas.js';

const text = (description: string, example: string) => z.string().openapi({ description, example });
const money = (description: string) => signedMoneySchema.openapi({ description });

export const settlementIdParams = z.object({
  settlementId: idParam('settlementId', 'stl', 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
});

export const disputeSchema = z
  .object({
    id: text('Dispute id.', 'dsp_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    settlementId: text('The settlement disputed.', 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    partnerId: text('The disputing partner.', 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    transferIds: z.array(z.string()).openapi({
      description: 'The disputed lines (transfer ids).',
      example: ['trf_01JD3Z6W3RM0E2F2WB7G0K3T9Q'],
    }),
    reason: text('Why the partner disputes them.', 'Folio 88231 was earned twice'),
    status: z
      .enum(['open', 'accepted', 'rejected'])
      .openapi({ description: 'open until the operator resolves it.', example: 'open' }),
    resolutionNote: z
      .string()
      .nullable()
      .openapi({ description: "The operator's note (accepted) or reason (rejected).", example: null }),
    adjustment: z
      .object({
        id: text('Adjustment id.', 'adj_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
        direction: z.enum(['credit', 'debit']).openapi({
          description: "credit: in the partner's favour; debit: the partner pays more.",
          example: 'credit',
        }),
        amountExact: text('Exact positive amount in reference currency.', '1.25'),
        currency: text('The reference currency.', 'EUR'),
        points: z
          .number()
          .int()
          .nullable()
          .openapi({ description: 'Points the adjustment was given in, if any.', example: null }),
        appliedSettlementId: z.string().nullable().openapi({
          description: 'The settlement whose statement carries it; null until the next close.',
          example: null,
        }),
      })
      .nullable()
      .openapi({ description: 'For an accepted dispute: the adjustment in the next open period.' }),
    createdAt: text('When the dispute was opened (RFC 3339).', '2026-12-01T10:00:00.000Z'),
    resolvedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When it was resolved (RFC 3339).', example: null }),
  })
  .openapi('SettlementDispute');

export const statementStatusFields = {
  acknowledgedAt: z
    .string()
    .nullable()
    .openapi({ description: 'When the partner acknowledged the statement.', example: null }),
  paymentStatus: z
    .enum(['nothing_due', 'open', 'partially_paid', 'paid'])
    .openapi({ description: 'How far the payment instruction has been settled.', example: 'open' }),
  paid: money('Payments recorded so far, in the settlement currency.'),
  outstanding: money('What is still to be paid, in the settlement currency.'),
  payments: z
    .array(
      z.object({
        reference: text('Bank or transfer reference.', 'SEPA-2026-12-0042'),
        amount: money('Amount paid.'),
        paidAt: text('When it was paid (RFC 3339).', '2026-12-03T00:00:00.000Z'),
        recordedAt: text('When the operator recorded it (RFC 3339).', '2026-12-03T09:12:00.000Z'),
      }),
    )
    .openapi({ description: 'Payments the operator recorded.' }),
  disputes: z.array(disputeSchema).openapi({ description: 'Disputes of this statement.' }),
};

export const statementViewSchema = z
  .object({
    settlementId: text('Settlement id.', 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    partnerId: text('Partner id.', 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    statement: statementDocumentSchema,
    signature: text(
      "Compact JWS (ES256, typ tessera-statement+jws) whose payload is the statement's canonical bytes; verify with /.well-known/jwks.json.",
      'eyJhbGciOiJFUzI1NiIs…',
    ),
    ...statementStatusFields,
  })
  .openapi('Statement', { description: "A partner's signed statement and its reconciliation status." });

export const operatorSettlementSchema = z
  .object({
    view: z
      .literal('operator')
      .openapi({ description: "The operator's view: the whole settlement.", example: 'operator' }),
    settlement: settlementDocumentSchema,
    signature: z.string().openapi({
      description:
        "Compact JWS (ES256, typ tessera-settlement+jws) over the settlement document's canonical bytes.",
      example: 'eyJhbGciOiJFUzI1NiIs…',
    }),
    statements: z
      .array(statementViewSchema)
      .openapi({ description: "Every partner's signed statement and status." }),
  })
  .openapi('OperatorSettlement');

export const partnerSettlementSchema = statementViewSchema
  .extend({
    view: z
      .literal('partner')
      .openapi({ description: "A partner's view: its own statement only.", example: 'partner' }),
  })
  .openapi('PartnerSettlement');

export const settlementSummarySchema = z
  .object({
    id: text('Settlement id.', 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    number: z.number().int().openapi({ description: "The settlement's number.", example: 7 }),
    period: periodSchema,
    fxSnapshotId: text('The FX snapshot of the close.', 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    totals: z
      .object({ period: pointTotalsSchema, atClose: pointTotalsSchema })
      .openapi({ description: 'Network totals in the period and at the close.' }),
    netting: nettingSchema,
  })
  .openapi('SettlementSummary');

export const partnerStatementSummarySchema = z
  .object({
    settlementId: text('Settlement id.', 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    number: z.number().int().openapi({ description: "The settlement's number.", example: 7 }),
    closedAt: text('When the period was closed (RFC 3339).', '2026-11-30T23:00:00.000Z'),
    net: money('The net in the settlement currency; positive: the partner pays.'),
    acknowledgedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When the partner acknowledged it.', example: null }),
  })
  .openapi('StatementSummary');

export const listQuery = z.object({
  limit: pageQuery.limit,
  cursor: z.string().max(64).optional().openapi({
    description: 'The `nextCursor` of the previous page.',
    example: 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  }),
});

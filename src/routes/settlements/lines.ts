import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { readSettlementLines } from '../../db/settlement-lines.js';
import { findSettlement, findStatement } from '../../db/settlements.js';
import { lineAmount } from '../../domain/settlement/statement.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { settlementNotFound } from '../../settlement/reconciliation.js';
import { pageQuery } from '../schemas.js';
import { settlementIdParams } from './schemas.js';

const text = (description: string, example: string | null) => z.string().openapi({ description, example });

export const lineSchema = z
  .object({
    sequence: z
      .number()
      .int()
      .openapi({ description: "The transfer's ledger sequence; lines are in this order.", example: 1204 }),
    transferId: text('The transfer: quote it to dispute the line.', 'trf_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
    partnerId: z.string().nullable().openapi({
      description: "The partner it is settled with; null for the network's expiry sweep.",
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    kind: text('earn, earn_reversal, debt_repayment, redeem, redeem_reversal or expiry.', 'earn'),
    points: z.number().int().openapi({ description: 'Points moved.', example: 92 }),
    unitPrice: z
      .string()
      .nullable()
      .openapi({ description: 'The issue price or redeem rate it was priced at.', example: '0.012' }),
    amountExact: z.string().nullable().openapi({
      description: 'points x unitPrice in reference currency; positive: the partner pays.',
      example: '1.104',
    }),
    transactionId: z.string().nullable().openapi({
      description:
        "Your transaction; null when the transfer belongs to another partner's transaction (a debt repaid from an earn elsewhere).",
      example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    externalReference: z
      .string()
      .nullable()
      .openapi({ description: 'Your own reference of the transaction.', example: 'folio-88231' }),
    idempotencyKey: z.string().nullable().openapi({
      description: 'The Idempotency-Key you posted the transaction with.',
      example: 'order-4711-earn',
    }),
    createdAt: text('When it was posted (RFC 3339).', '2026-11-23T09:30:00.000Z'),
  })
  .openapi('SettlementLine');

export const linesQuery = z.object({
  limit: pageQuery.limit,
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'must be the nextCursor of a previous page')
    .optional()
    .openapi({ description: 'The `nextCursor` of the previous page.', example: '1204' }),
  partnerId: z.string().min(1).max(64).optional().openapi({
    description: "Operator only: one partner's lines; all lines when absent. Ignored for partners.",
    example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  }),
});

export const route = createRoute({
  method: 'get',
  path: '/v1/settlements/{settlementId}/lines',
  operationId: 'listSettlementLines',
  tags: ['Operator: settlement', 'Partner: settlement'],
  summary: 'The transfers a statement settles',
  description:
    "A partner reads its own lines of the period, in sequence order, each with its own reference and Idempotency-Key; the lines add up to its statement. The operator reads every line, or one partner's.",
  ...accepts('operator', 'partner'),
  request: { params: settlementIdParams, query: linesQuery },
  responses: {
    200: {
      description: 'One page of lines.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z.array(lineSchema).openapi({ description: 'Lines in sequence order.' }),
              nextCursor: z.string().nullable().openapi({
                description: 'Pass as `cursor` for the next page; null on the last page.',
                example: null,
              }),
            })
            .openapi('SettlementLinePage'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token', 'settlement_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { settlementId } = c.req.valid('param');
  const { limit, cursor, partnerId: askedPartnerId } = c.req.valid('query');
  const { db } = c.get('deps');
  const principal = c.get('principal');
  const settlement = await findSettlement(db, settlementId);
  if (settlement === undefined) fail(settlementNotFound(settlementId));
  const partnerId = principal.kind === 'partner' ? principal.partnerId : askedPartnerId;
  if (
    principal.kind === 'partner' &&
    (await findStatement(db, settlementId, principal.partnerId)) === undefined
  )
    fail(settlementNotFound(settlementId));
  const rows = await readSettlementLines(db, {
    partnerId,
    from: settlement.fromSequence,
    to: settlement.toSequence,
    after: cursor === undefined ? 0 : Number(cursor),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return c.json(
    {
      data: page.map((row) => ({
        ...row,
        amountExact: lineAmount(row.kind, row.points, row.unitPrice),
        createdAt: new Date(row.createdAt).toISOString(),
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1]?.sequence ?? '') : null,
    },
    200,
  );
};

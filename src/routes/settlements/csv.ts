import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { findSettlement, findStatement } from '../../db/settlements.js';
import { settlementCsv, statementCsv } from '../../domain/settlement/csv.js';
import type { SettlementDocument, StatementDocument } from '../../domain/settlement/documents.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { settlementNotFound } from '../../settlement/reconciliation.js';
import { settlementIdParams } from './schemas.js';

export const SIGNATURE_HEADER = 'tessera-signature';

/** The contract as documented: `/v1/settlements/{settlementId}.csv`. */
export const route = createRoute({
  method: 'get',
  path: '/v1/settlements/{settlementId}.csv',
  operationId: 'getSettlementCsv',
  tags: ['Operator: settlement', 'Partner: settlement'],
  summary: 'Download a statement (partner) or the payment instructions (operator) as CSV',
  description:
    "A partner gets its own statement, one row per line, total and flow; the operator gets one payment instruction per partner and the network's own net. The `Tessera-Signature` header carries the JWS of the signed JSON document the CSV is rendered from.",
  ...accepts('operator', 'partner'),
  request: { params: settlementIdParams },
  responses: {
    200: {
      description: 'The CSV.',
      headers: z.object({
        [SIGNATURE_HEADER]: z.string().openapi({
          description: 'Compact JWS of the JSON document (statement or settlement).',
          example: 'eyJhbGciOiJFUzI1NiIs…',
        }),
      }),
      content: {
        'text/csv': {
          schema: z.string().openapi({
            description: 'RFC 4180 CSV with a header row.',
            example: 'settlement_id,partner_id,record,…',
          }),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token', 'settlement_not_found'),
  },
});

/**
 * How it is routed: Hono reads `:settlementId.csv` as one parameter name, so the router matches
 * the whole segment ending in `.csv` and the handler takes the suffix off. It is registered before
 * the JSON route so that route never sees a `.csv` segment.
 */
export const routedAt = {
  ...route,
  path: '/v1/settlements/{settlementId{[^/]+\\.csv}}',
  hide: true,
  request: {
    params: z.object({
      settlementId: z
        .string()
        .max(80)
        .regex(/\.csv$/)
        .openapi({
          description: 'The stl_ id followed by .csv.',
          example: 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q.csv',
        }),
    }),
  },
};

export const handler: RouteHandler<typeof routedAt, AppEnv> = async (c) => {
  const settlementId = c.req.valid('param').settlementId.slice(0, -'.csv'.length);
  const { db } = c.get('deps');
  const principal = c.get('principal');
  let body: string;
  let signature: string;
  if (principal.kind === 'partner') {
    const statement = await findStatement(db, settlementId, principal.partnerId);
    if (statement === undefined) fail(settlementNotFound(settlementId));
    body = statementCsv(JSON.parse(statement.document) as StatementDocument);
    signature = statement.signature;
  } else {
    const settlement = await findSettlement(db, settlementId);
    if (settlement === undefined) fail(settlementNotFound(settlementId));
    body = settlementCsv(JSON.parse(settlement.document) as SettlementDocument);
    signature = settlement.signature;
  }
  const file =
    principal.kind === 'partner' ? `${settlementId}-${principal.partnerId}.csv` : `${settlementId}.csv`;
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${file}"`,
    [SIGNATURE_HEADER]: signature,
  });
};

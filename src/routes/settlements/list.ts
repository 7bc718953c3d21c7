import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { listPartnerStatements, listSettlements } from '../../db/settlements.js';
import { wireAmount } from '../../domain/settlement/amounts.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { settlementSummary } from '../../settlement/views.js';
import { listQuery, partnerStatementSummarySchema, settlementSummarySchema } from './schemas.js';

const nextCursor = z
  .string()
  .nullable()
  .openapi({ description: 'Pass as `cursor` for the next page; null on the last page.', example: null });

export const operatorPageSchema = z
  .object({
    view: z.literal('operator').openapi({ description: 'Every settlement.', example: 'operator' }),
    data: z.array(settlementSummarySchema).openapi({ description: 'Settlements, newest first.' }),
    nextCursor,
  })
  .openapi('SettlementPage');

export const partnerPageSchema = z
  .object({
    view: z
      .literal('partner')
      .openapi({ description: "The calling partner's own statements.", example: 'partner' }),
    data: z.array(partnerStatementSummarySchema).openapi({ description: 'Your statements, newest first.' }),
    nextCursor,
  })
  .openapi('StatementPage');

export const route = createRoute({
  method: 'get',
  path: '/v1/settlements',
  operationId: 'listSettlements',
  tags: ['Operator: settlement', 'Partner: settlement'],
  summary: 'List settlements (operator) or your statements (partner)',
  description:
    'Newest first, keyset-paginated by settlement number. A partner sees only settlements that have a statement for it.',
  ...accepts('operator', 'partner'),
  request: { query: listQuery },
  responses: {
    200: {
      description: 'One page.',
      content: { 'application/json': { schema: z.union([operatorPageSchema, partnerPageSchema]) } },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const { db } = c.get('deps');
  const principal = c.get('principal');
  if (principal.kind === 'partner') {
    const rows = await listPartnerStatements(db, principal.partnerId, limit + 1, cursor);
    const page = rows.slice(0, limit);
    return c.json(
      {
        view: 'partner' as const,
        data: page.map(({ statement, settlement }) => ({
          settlementId: settlement.id,
          number: settlement.number,
          closedAt: new Date(settlement.closedAt).toISOString(),
          net: wireAmount(BigInt(statement.netMinor), statement.currency),
          acknowledgedAt:
            statement.acknowledgedAt === null ? null : new Date(statement.acknowledgedAt).toISOString(),
        })),
        nextCursor: rows.length > limit ? (page[page.length - 1]?.settlement.id ?? null) : null,
      },
      200,
    );
  }
  const rows = await listSettlements(db, limit + 1, cursor);
  const page = rows.slice(0, limit);
  return c.json(
    {
      view: 'operator' as const,
      data: page.map(settlementSummary),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    },
    200,
  );
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { readSettlement, readStatement } from '../../settlement/reconciliation.js';
import { operatorSettlementSchema, partnerSettlementSchema, settlementIdParams } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/settlements/{settlementId}',
  operationId: 'getSettlement',
  tags: ['Operator: settlement', 'Partner: settlement'],
  summary: 'Read a settlement (operator) or your statement of it (partner)',
  description:
    'The operator reads the whole settlement: the signed document (flow matrix, breakage, totals, netting) and every statement. A partner reads only its own signed statement, with its row and column of the flow matrix.',
  ...accepts('operator', 'partner'),
  request: { params: settlementIdParams },
  responses: {
    200: {
      description: 'The settlement or statement.',
      content: {
        'application/json': { schema: z.union([operatorSettlementSchema, partnerSettlementSchema]) },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token', 'settlement_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { settlementId } = c.req.valid('param');
  const deps = c.get('deps');
  const principal = c.get('principal');
  if (principal.kind === 'partner') {
    const statement = await readStatement(deps, settlementId, principal.partnerId);
    if (isDomainError(statement)) fail(statement);
    return c.json({ view: 'partner' as const, ...statement }, 200);
  }
  const settlement = await readSettlement(deps, settlementId);
  if (isDomainError(settlement)) fail(settlement);
  return c.json({ view: 'operator' as const, ...settlement }, 200);
};

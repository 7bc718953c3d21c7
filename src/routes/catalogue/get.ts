import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { itemView } from '../../catalogue/views.js';
import { findItem } from '../../db/catalogue.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { itemIdParams, itemSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/catalogue/items/{itemId}',
  operationId: 'getCatalogueItem',
  tags: ['Partner: catalogue', 'Operator: catalogue'],
  summary: 'One item, with its stock and review',
  description: "A partner reads its own items (another's is not found); the operator reads every item.",
  ...accepts('partner', 'operator'),
  request: { params: itemIdParams },
  responses: {
    200: { description: 'The item.', content: { 'application/json': { schema: itemSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'item_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { itemId } = c.req.valid('param');
  const deps = c.get('deps');
  const principal = c.get('principal');
  const row = await findItem(deps.db, itemId);
  if (row === undefined || (principal.kind === 'partner' && row.fulfillerPartnerId !== principal.partnerId))
    fail({ code: 'item_not_found', detail: `Item ${itemId} does not exist or is not yours.` });
  return c.json(itemView(row, deps.config.referenceCurrency), 200);
};

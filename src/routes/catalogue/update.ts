import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { ITEM_UPDATE_REFUSALS, type Offerer, planUpdateItem } from '../../catalogue/items.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { itemChangeBody, itemIdParams, itemSchema, toMs } from './schemas.js';

export const route = createRoute({
  method: 'patch',
  path: '/v1/catalogue/items/{itemId}',
  operationId: 'updateCatalogueItem',
  tags: ['Partner: catalogue', 'Operator: catalogue'],
  summary: 'Change or withdraw an item',
  description:
    "A partner changes its own item: what members would see differently waits for the operator's approval again. Reservations already made keep their price. `withdraw` takes it out of the catalogue. The operator changes the network's own items.",
  ...accepts('partner', 'operator'),
  request: {
    headers: optionalIdempotencyHeaders,
    params: itemIdParams,
    body: { required: true, content: { 'application/json': { schema: itemChangeBody } } },
  },
  responses: {
    200: { description: 'The item as changed.', content: { 'application/json': { schema: itemSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...ITEM_UPDATE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { itemId } = c.req.valid('param');
  const body = c.req.valid('json');
  const principal = c.get('principal');
  const offerer: Offerer =
    principal.kind === 'partner' ? { type: 'partner', partnerId: principal.partnerId } : { type: 'network' };
  const change = {
    ...body,
    startsAt: toMs(body.startsAt),
    availableFrom: toMs(body.availableFrom) ?? undefined,
    availableUntil: toMs(body.availableUntil) ?? undefined,
  };
  const outcome = await write(c, 'optional', body, () =>
    planUpdateItem(c.get('deps'), offerer, itemId, change),
  );
  return c.json(outcome.body, 200);
};

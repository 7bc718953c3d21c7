import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { ITEM_REFUSALS, type Offerer, planCreateItem } from '../../catalogue/items.js';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { idempotencyHeaders } from '../schemas.js';
import { itemBody, itemSchema } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/catalogue/items',
  operationId: 'createCatalogueItem',
  tags: ['Partner: catalogue', 'Operator: catalogue'],
  summary: 'Offer a catalogue item',
  description:
    "A partner offers an experience, a voucher or a product it fulfils; members see it once the operator approves it. The operator offers the network's own items, approved at once. The Idempotency-Key is required of partners.",
  ...accepts('partner', 'operator'),
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: itemBody } } },
  },
  responses: {
    201: { description: 'The item.', content: { 'application/json': { schema: itemSchema } } },
    ...errorResponses(...WRITE_ERRORS, 'idempotency_key_missing', ...ITEM_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const principal = c.get('principal');
  const offerer: Offerer =
    principal.kind === 'partner' ? { type: 'partner', partnerId: principal.partnerId } : { type: 'network' };
  const input = {
    ...body,
    startsAt: body.startsAt === undefined || body.startsAt === null ? null : Date.parse(body.startsAt),
    availableFrom: Date.parse(body.availableFrom),
    availableUntil: Date.parse(body.availableUntil),
  };
  const outcome = await write(c, 'required', body, () =>
    planCreateItem(
      c.get('deps'),
      offerer,
      input,
      principal.kind === 'operator' ? auditHook(c, 'catalogue_item.create') : undefined,
    ),
  );
  return c.json(outcome.body, 201);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { browseCatalogue } from '../../catalogue/browse.js';
import { itemView } from '../../catalogue/views.js';
import { listItems } from '../../db/catalogue.js';
import { ITEM_STATUSES } from '../../db/schema/index.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { pageQuery } from '../schemas.js';
import { itemSchema, memberItemSchema, nextCursor } from './schemas.js';

export const listQuery = z.object({
  ...pageQuery,
  status: z.enum(ITEM_STATUSES).optional().openapi({
    description: 'Operator and partner: only items in this state (`pending`: awaiting approval).',
    example: 'pending',
  }),
});

export const route = createRoute({
  method: 'get',
  path: '/v1/catalogue/items',
  operationId: 'listCatalogueItems',
  tags: ['Member: catalogue', 'Partner: catalogue', 'Operator: catalogue'],
  summary: 'The catalogue: what I may reserve (member), my items (partner), every item (operator)',
  description:
    'A member sees the approved items within their availability window that they are eligible for (tier, country, pool, or named members). A partner sees its own items in every state; the operator every item, `status=pending` being the approvals queue. Newest first.',
  ...accepts('member', 'partner', 'operator'),
  request: { query: listQuery },
  responses: {
    200: {
      description: 'One page.',
      content: {
        'application/json': {
          schema: z.union([
            z
              .object({
                view: z
                  .literal('member')
                  .openapi({ description: 'What the member may reserve.', example: 'member' }),
                data: z.array(memberItemSchema).openapi({ description: 'Offers, newest first.' }),
                nextCursor,
              })
              .openapi('CatalogueOfferPage'),
            z
              .object({
                view: z
                  .enum(['partner', 'operator'])
                  .openapi({ description: 'Whose items.', example: 'partner' }),
                data: z.array(itemSchema).openapi({ description: 'Items, newest first.' }),
                nextCursor,
              })
              .openapi('CatalogueItemPage'),
          ]),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor, status } = c.req.valid('query');
  const deps = c.get('deps');
  const principal = c.get('principal');
  if (principal.kind === 'member') {
    const page = await browseCatalogue(deps, principal.memberId, limit, cursor);
    return c.json({ view: 'member' as const, ...page }, 200);
  }
  const rows = await listItems(
    deps.db,
    { fulfillerPartnerId: principal.kind === 'partner' ? principal.partnerId : undefined, status },
    limit + 1,
    cursor,
  );
  const page = rows.slice(0, limit);
  return c.json(
    {
      view: principal.kind,
      data: page.map((row) => itemView(row, deps.config.referenceCurrency)),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    },
    200,
  );
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { listOwnedEndpoints } from '../../db/webhooks.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import {
  ENDPOINT_EXAMPLE_ID,
  endpointSchema,
  idCursor,
  ownerOf,
  page,
  pageLimit,
  toEndpointResponse,
} from './schemas.js';

export const listEndpointsQuery = z.object({
  limit: pageLimit,
  cursor: idCursor('whe', ENDPOINT_EXAMPLE_ID),
});

export const route = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints',
  operationId: 'listWebhookEndpoints',
  tags: ['Partner: webhooks', 'Operator: webhooks'],
  summary: 'List your webhook endpoints',
  description:
    "The caller's own endpoints (a partner's, or the operator's), oldest first. Secrets are never shown again.",
  ...accepts('partner', 'operator'),
  request: { query: listEndpointsQuery },
  responses: {
    200: {
      description: 'One page of endpoints.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z.array(endpointSchema).openapi({ description: 'Endpoints, oldest first.' }),
              nextCursor: z.string().nullable().openapi({
                description: 'Pass as `cursor` for the next page; null on the last page.',
                example: null,
              }),
            })
            .openapi('WebhookEndpointPage'),
        },
      },
    },
    ...errorResponses(),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const rows = await listOwnedEndpoints(c.get('deps').db, ownerOf(c), limit + 1, cursor);
  const { data, nextCursor } = page(rows, limit);
  return c.json({ data: data.map(toEndpointResponse), nextCursor }, 200);
};

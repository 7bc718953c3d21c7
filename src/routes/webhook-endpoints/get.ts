import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { findOwnedEndpoint } from '../../db/webhooks.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { endpointIdParams, endpointSchema, ownerOf, toEndpointResponse } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{endpointId}',
  operationId: 'getWebhookEndpoint',
  tags: ['Partner: webhooks', 'Operator: webhooks'],
  summary: 'Read one of your webhook endpoints',
  description: "Another owner's endpoint is answered as an unknown id.",
  ...accepts('partner', 'operator'),
  request: { params: endpointIdParams },
  responses: {
    200: { description: 'The endpoint.', content: { 'application/json': { schema: endpointSchema } } },
    ...errorResponses('webhook_endpoint_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { endpointId } = c.req.valid('param');
  const endpoint = await findOwnedEndpoint(c.get('deps').db, ownerOf(c), endpointId);
  if (endpoint === undefined)
    fail({ code: 'webhook_endpoint_not_found', detail: `There is no webhook endpoint ${endpointId}.` });
  return c.json(toEndpointResponse(endpoint), 200);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { CREATE_ENDPOINT_REFUSALS, planCreateEndpoint } from '../../webhooks/endpoints.js';
import { auditOf, endpointFields, endpointWithSecretSchema, ownerOf, toEndpointResponse } from './schemas.js';

export const createEndpointBody = z
  .object(endpointFields)
  .strict()
  .openapi('CreateWebhookEndpoint', {
    example: {
      url: 'https://hooks.example.com/tessera',
      description: 'Loyalty sync, production',
      eventTypes: ['transaction.earned', 'transaction.redeemed'],
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints',
  operationId: 'registerWebhookEndpoint',
  tags: ['Partner: webhooks', 'Operator: webhooks'],
  summary: 'Register a webhook endpoint',
  description:
    "From now on every event of the listed types is POSTed to the URL at least once, signed per Standard Webhooks with the endpoint's own secret (shown in this answer only); `webhook-id` is the event id. A partner's endpoint gets its own feed's events, the operator's all. No Idempotency-Key: a secret is never stored for a replay.",
  ...accepts('partner', 'operator'),
  request: { body: { required: true, content: { 'application/json': { schema: createEndpointBody } } } },
  responses: {
    201: {
      description: 'The endpoint, with its signing secret.',
      content: { 'application/json': { schema: endpointWithSecretSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, ...CREATE_ENDPOINT_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const outcome = await write(c, 'none', body, () =>
    planCreateEndpoint(c.get('deps'), ownerOf(c), body, auditOf(c, 'webhook_endpoint.create')),
  );
  return c.json({ ...toEndpointResponse(outcome.body), secret: outcome.body.secret }, 201);
};

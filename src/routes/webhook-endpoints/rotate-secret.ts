import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planRotateSecret, ROTATE_SECRET_REFUSALS } from '../../webhooks/endpoints.js';
import {
  auditOf,
  endpointIdParams,
  endpointWithSecretSchema,
  ownerOf,
  toEndpointResponse,
} from './schemas.js';

export const rotateSecretBody = z
  .object({
    overlapHours: z.number().int().min(0).max(168).optional().openapi({
      description:
        'How long (24 hours when absent) deliveries carry a signature with the previous secret too (both in `webhook-signature`), so receivers can switch without losing one; 0 stops the old secret at once.',
      example: 24,
    }),
  })
  .strict()
  .openapi('RotateWebhookSecret', { example: { overlapHours: 24 } });

const DEFAULT_OVERLAP_HOURS = 24;

export const route = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{endpointId}/secret-rotations',
  operationId: 'rotateWebhookSecret',
  tags: ['Partner: webhooks', 'Operator: webhooks'],
  summary: 'Rotate the signing secret of one of your endpoints',
  description:
    'A new secret, shown only in this answer, signs from now on. During the overlap every delivery carries both signatures, space-separated, as Standard Webhooks specifies; after it, only the new one.',
  ...accepts('partner', 'operator'),
  request: {
    params: endpointIdParams,
    body: { required: false, content: { 'application/json': { schema: rotateSecretBody } } },
  },
  responses: {
    201: {
      description: 'The endpoint, with its new secret.',
      content: { 'application/json': { schema: endpointWithSecretSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, ...ROTATE_SECRET_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { endpointId } = c.req.valid('param');
  const overlapHours = c.req.valid('json')?.overlapHours ?? DEFAULT_OVERLAP_HOURS;
  const outcome = await write(c, 'none', { overlapHours }, () =>
    planRotateSecret(
      c.get('deps'),
      ownerOf(c),
      endpointId,
      overlapHours,
      auditOf(c, 'webhook_endpoint.rotate_secret'),
    ),
  );
  return c.json({ ...toEndpointResponse(outcome.body), secret: outcome.body.secret }, 201);
};

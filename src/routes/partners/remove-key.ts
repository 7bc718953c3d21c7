import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planRemoveKey, REMOVE_KEY_REFUSALS } from '../../partners/manage.js';
import {
  kidSchema,
  partnerIdParams,
  partnerKeySchema,
  requireOwnKeys,
  toPartnerKeyResponse,
} from './schemas.js';

export const removePartnerKeyParams = partnerIdParams.extend({
  kid: kidSchema.openapi({
    param: { name: 'kid', in: 'path' },
    description: 'The key id to remove.',
    example: 'harbor-2026-11',
  }),
});

export const route = createRoute({
  method: 'delete',
  path: '/v1/partners/{partnerId}/keys/{kid}',
  operationId: 'removePartnerKey',
  tags: ['Operator: partners', 'Partner: keys'],
  summary: 'Remove a partner key',
  description:
    "Removes the key at once: every token signed with it is refused from the next request, expired or not. Answers 200 with `removedAt`, the exact moment it stopped working. The kid can never be registered again. Removing the last live key is allowed (that is how a compromised key is cut off); the partner then cannot call the API until a new key is registered. A partner's admin staff remove its own in the portal.",
  ...accepts('operator', 'partner'),
  request: { params: removePartnerKeyParams },
  responses: {
    200: { description: 'The removed key.', content: { 'application/json': { schema: partnerKeySchema } } },
    ...errorResponses(...WRITE_ERRORS, 'forbidden', ...REMOVE_KEY_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId, kid } = c.req.valid('param');
  requireOwnKeys(c, partnerId, true);
  const outcome = await write(c, 'none', {}, () =>
    planRemoveKey(c.get('deps'), partnerId, kid, auditHook(c, 'partner_key.remove')),
  );
  return c.json(toPartnerKeyResponse(outcome.body), 200);
};

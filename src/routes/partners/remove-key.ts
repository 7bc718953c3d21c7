import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { removePartnerKeyStatement } from '../../db/partner-keys.js';
import { findPartner } from '../../db/partners.js';
import { auditedIfChanged } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { kidSchema, partnerIdParams, partnerKeySchema, toPartnerKeyResponse } from './schemas.js';

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
  tags: ['Operator: partners'],
  summary: 'Remove a partner key',
  description:
    'Removes the key at once: every token signed with it is refused from the next request on, including tokens that have not expired yet. Answers 200 with the key and its `removedAt` rather than 204, so the operator has the exact moment the key stopped working. The record is kept, so the kid can never be registered again. Removing the last live key is allowed (that is how a compromised key is cut off); the partner then cannot call the API until a new key is registered.',
  ...accepts('operator'),
  request: { params: removePartnerKeyParams },
  responses: {
    200: { description: 'The removed key.', content: { 'application/json': { schema: partnerKeySchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'partner_not_found', 'partner_key_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId, kid } = c.req.valid('param');
  const { db, clock } = c.get('deps');
  const [removedRows] = await db.batch([
    removePartnerKeyStatement(db, partnerId, kid, clock()),
    auditedIfChanged(c, { action: 'partner_key.remove', target: partnerId, summary: { kid } }),
  ]);
  const removed = removedRows[0];
  if (removed !== undefined) return c.json(toPartnerKeyResponse(removed), 200);
  if ((await findPartner(db, partnerId)) === undefined)
    fail({ code: 'partner_not_found', detail: `There is no partner ${partnerId}.` });
  return fail({
    code: 'partner_key_not_found',
    detail: `The partner has no live key "${kid}" (never registered, or already removed).`,
  });
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { listPartnerKeys } from '../../db/partner-keys.js';
import { findPartner } from '../../db/partners.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { partnerIdParams, partnerKeySchema, requireOwnKeys, toPartnerKeyResponse } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/partners/{partnerId}/keys',
  operationId: 'listPartnerKeys',
  tags: ['Operator: partners', 'Partner: keys'],
  summary: "A partner's signing keys",
  description:
    'Every key the partner registered, removed ones too, oldest first; no key material. A partner reads its own.',
  ...accepts('operator', 'partner'),
  request: { params: partnerIdParams },
  responses: {
    200: {
      description: 'The keys.',
      content: {
        'application/json': {
          schema: z
            .object({ data: z.array(partnerKeySchema).openapi({ description: 'Oldest first.' }) })
            .openapi('PartnerKeyList'),
        },
      },
    },
    ...errorResponses('forbidden', 'partner_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId } = c.req.valid('param');
  requireOwnKeys(c, partnerId, false);
  const { db } = c.get('deps');
  if ((await findPartner(db, partnerId)) === undefined)
    fail({ code: 'partner_not_found', detail: `There is no partner ${partnerId}.` });
  const keys = await listPartnerKeys(db, partnerId);
  return c.json({ data: keys.map(toPartnerKeyResponse) }, 200);
};

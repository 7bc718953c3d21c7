import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { listPartnerKeys } from '../../db/partner-keys.js';
import { findPartner } from '../../db/partners.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import {
  partnerIdParams,
  partnerKeySchema,
  partnerSchema,
  toPartnerKeyResponse,
  toPartnerResponse,
} from './schemas.js';

export const partnerWithKeysSchema = partnerSchema
  .extend({
    keys: z.array(partnerKeySchema).openapi({
      description: 'Every key the partner registered, removed ones included, oldest first.',
      example: [],
    }),
  })
  .openapi('PartnerWithKeys');

export const route = createRoute({
  method: 'get',
  path: '/v1/partners/{partnerId}',
  operationId: 'getPartner',
  tags: ['Operator: partners'],
  summary: 'Read a partner',
  description:
    'The partner, its commercial terms and its registered public keys (ids and algorithms only; no key material).',
  ...accepts('operator'),
  request: { params: partnerIdParams },
  responses: {
    200: {
      description: 'The partner with its keys.',
      content: { 'application/json': { schema: partnerWithKeysSchema } },
    },
    ...errorResponses('unauthorized', 'invalid_token', 'partner_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId } = c.req.valid('param');
  const { db } = c.get('deps');
  const partner = await findPartner(db, partnerId);
  if (partner === undefined) fail({ code: 'partner_not_found', detail: `There is no partner ${partnerId}.` });
  const keys = await listPartnerKeys(db, partnerId);
  return c.json({ ...toPartnerResponse(partner), keys: keys.map(toPartnerKeyResponse) }, 200);
};

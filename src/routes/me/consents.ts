import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { CONSENT_DEFAULTS } from '../../domain/members/contact.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { listConsents } from '../../members/consents.js';
import { consentSchema, consentScopesSchema } from './contact-schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/consents',
  operationId: 'listMyConsents',
  tags: ['Member: consent and inbox'],
  summary: 'What each partner may do',
  description:
    'Every partner I decided something for, with what it may do beyond the transaction itself; every other partner has the defaults.',
  ...accepts('member'),
  responses: {
    200: {
      description: 'My consents.',
      content: {
        'application/json': {
          schema: z
            .object({
              defaults: consentScopesSchema.openapi({
                description: 'What a partner I decided nothing for may do.',
              }),
              data: z.array(consentSchema).openapi({ description: 'My decisions, one per partner.' }),
            })
            .openapi('Consents'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const data = await listConsents(c.get('deps'), memberOf(c));
  return c.json({ defaults: CONSENT_DEFAULTS, data }, 200);
};

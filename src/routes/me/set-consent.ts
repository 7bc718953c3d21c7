import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planSetConsent, SET_CONSENT_REFUSALS } from '../../members/consents.js';
import { idParam, optionalIdempotencyHeaders } from '../schemas.js';
import { consentSchema, consentScopesSchema } from './contact-schemas.js';

export const route = createRoute({
  method: 'put',
  path: '/v1/me/consents/{partnerId}',
  operationId: 'setMyConsent',
  tags: ['Member: consent and inbox'],
  summary: 'Decide what a partner may do',
  description:
    'Grants or revokes each scope for one partner, at once for its reads, events and messages; the partner is told (`consent.changed`).',
  ...accepts('member'),
  request: {
    params: z.object({ partnerId: idParam('partnerId', 'ptn', 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q') }),
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: consentScopesSchema } } },
  },
  responses: {
    200: { description: 'The decision.', content: { 'application/json': { schema: consentSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...SET_CONSENT_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId } = c.req.valid('param');
  const scopes = c.req.valid('json');
  const outcome = await write(c, 'optional', scopes, () =>
    planSetConsent(c.get('deps'), memberOf(c), partnerId, scopes),
  );
  return c.json(outcome.body, 200);
};

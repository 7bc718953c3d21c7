import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planRegisterPasskey, REGISTER_PASSKEY_REFUSALS } from '../../members/passkeys.js';
import { passkeySchema, registrationBody } from './passkey-schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/me/passkeys',
  operationId: 'registerPasskey',
  tags: ['Member: sign-in'],
  summary: 'Register a passkey',
  description:
    "Keeps the public key of a passkey the browser made for the options of `POST /v1/me/passkeys/challenges`: the challenge must be this member's and unused, the origin one of WALLET_ORIGINS, the RP ID WEBAUTHN_RP_ID, the member verified (PIN or biometrics). No attestation is asked for or trusted. A member may hold several passkeys (a phone, a laptop, a security key).",
  ...accepts('member'),
  request: { body: { required: true, content: { 'application/json': { schema: registrationBody } } } },
  responses: {
    201: { description: 'The passkey.', content: { 'application/json': { schema: passkeySchema } } },
    ...errorResponses('write_conflict', ...REGISTER_PASSKEY_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const outcome = await write(c, 'none', {}, () => planRegisterPasskey(c.get('deps'), memberOf(c), body));
  return c.json(outcome.body, 201);
};

import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { PASSKEY_SIGN_IN_REFUSALS, planPasskeySignIn } from '../../members/passkeys.js';
import { signInBody } from '../me/passkey-schemas.js';
import { cookieField, sessionAnswer, sessionSchema } from './schemas.js';

export const passkeySignInBody = signInBody.extend({ cookie: cookieField }).openapi('PasskeySignInRequest');

export const route = createRoute({
  method: 'post',
  path: '/v1/sessions/passkey',
  operationId: 'signInWithPasskey',
  tags: ['Public'],
  security: [],
  summary: 'Sign in with a passkey',
  description:
    'Needs no token: the passkey is the credential. The assertion must answer an unused challenge of `POST /v1/sessions/passkey/challenges`, for this wallet (origin and RP ID), with the member verified, signed by a passkey registered with Tessera whose counter moves forward. Each challenge signs in once: a replayed assertion is refused. The answer is a member session.',
  request: { body: { required: true, content: { 'application/json': { schema: passkeySignInBody } } } },
  responses: {
    201: {
      description: 'The member is signed in.',
      content: { 'application/json': { schema: sessionSchema } },
    },
    ...errorResponses('write_conflict', ...PASSKEY_SIGN_IN_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { cookie, ...request } = c.req.valid('json');
  const outcome = await write(c, 'none', {}, () => planPasskeySignIn(c.get('deps'), request));
  c.header('cache-control', 'no-store');
  return c.json(sessionAnswer(c, outcome.body, cookie), 201);
};

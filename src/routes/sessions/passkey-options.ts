import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { errorResponses } from '../../http/problems.js';
import { signInOptions } from '../../members/passkeys.js';
import { signInOptionsSchema } from '../me/passkey-schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/sessions/passkey/challenges',
  operationId: 'startPasskeySignIn',
  tags: ['Public'],
  security: [],
  summary: 'Start signing in with a passkey',
  description:
    "Needs no token. The options for `navigator.credentials.get()`: a challenge valid 5 minutes, signed by the network (asking writes nothing), for the member's discoverable passkeys. Answer with `POST /v1/sessions/passkey` and the `challengeToken`.",
  responses: {
    200: {
      description: 'The sign-in options.',
      content: { 'application/json': { schema: signInOptionsSchema } },
    },
    ...errorResponses(),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  c.header('cache-control', 'no-store');
  return c.json(await signInOptions(c.get('deps')), 200);
};

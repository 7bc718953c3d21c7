import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { errorResponses } from '../../http/problems.js';
import { staffSignInOptions } from '../../staff/sessions.js';
import { signInOptionsSchema } from '../me/passkey-schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/staff/sessions/passkey/challenges',
  operationId: 'startStaffSignIn',
  tags: ['Public'],
  security: [],
  summary: 'Start a staff sign-in',
  description:
    'Needs no token. The options for `navigator.credentials.get()`: a challenge valid 5 minutes, signed by the network for a staff sign-in only (a member’s challenge is refused here and this one there). Send the answer to `POST /v1/staff/sessions/passkey`.',
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
  return c.json(await staffSignInOptions(c.get('deps')), 200);
};

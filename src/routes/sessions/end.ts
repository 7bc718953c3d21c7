import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { clearRefreshCookie } from '../../http/session-cookie.js';
import { write } from '../../http/writes.js';
import { planEndSession } from '../../members/sessions.js';

export const route = createRoute({
  method: 'delete',
  path: '/v1/sessions/current',
  operationId: 'endSession',
  tags: ['Member: sign-in'],
  summary: 'Sign out',
  description:
    "Ends the session of the access token: its refresh token stops working and so does every access token of the session, at once. The web wallet's cookie is cleared.",
  ...accepts('member'),
  responses: {
    204: { description: 'Signed out.' },
    ...errorResponses('write_conflict', 'session_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { sessionId } = principalOf(c, 'member');
  if (sessionId === undefined)
    fail({
      code: 'session_not_found',
      detail: 'This token belongs to no session (it was minted by the operator).',
    });
  await write(c, 'none', {}, async () => planEndSession(c.get('deps'), sessionId));
  clearRefreshCookie(c);
  return c.body(null, 204);
};

import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { clearRefreshCookie } from '../../http/session-cookie.js';
import { write } from '../../http/writes.js';
import { planEndStaffSession } from '../../staff/sessions.js';
import { requireSameOrigin } from './schemas.js';

export const route = createRoute({
  method: 'delete',
  path: '/v1/staff/sessions/current',
  operationId: 'endStaffSession',
  tags: ['Operator: staff', 'Partner: staff'],
  summary: 'Sign a staff user out',
  description:
    'Ends the staff session of the access token: its refresh token and every access token of the session stop working at once, and the console’s cookie is cleared.',
  ...accepts('operator', 'partner'),
  responses: {
    204: { description: 'Signed out.' },
    ...errorResponses('forbidden', 'write_conflict'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  requireSameOrigin(c);
  const principal = c.get('principal');
  const staff = principal.kind === 'member' ? undefined : principal.staff;
  if (staff === undefined) fail({ code: 'forbidden', detail: 'This token belongs to no staff session.' });
  await write(c, 'none', {}, async () => planEndStaffSession(c.get('deps'), staff.sessionId));
  clearRefreshCookie(c, 'staff');
  return c.body(null, 204);
};

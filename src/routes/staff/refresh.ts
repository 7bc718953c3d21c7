import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { errorResponses, fail } from '../../http/problems.js';
import { clearRefreshCookie, refreshCookie } from '../../http/session-cookie.js';
import { write } from '../../http/writes.js';
import { planEndStaffSession, planStaffRefresh, STAFF_REFRESH_REFUSALS } from '../../staff/sessions.js';
import { cookieField, requireSameOrigin, staffSessionAnswer, staffSessionSchema } from './schemas.js';

export const staffRefreshBody = z
  .object({
    refreshToken: z.string().min(1).max(200).optional().openapi({
      description: 'The refresh token of the last sign-in or refresh; the console sends its cookie instead.',
      example: 'tsr_3q2-7wEvBm0rQ1yJ8bVxk2oYl5N4cHf6aTg9dSe1uZi',
    }),
    cookie: cookieField,
  })
  .strict()
  .openapi('StaffRefresh', { example: { refreshToken: 'tsr_3q2-7wEvBm0rQ1yJ8bVxk2oYl5N4cHf6aTg9dSe1uZi' } });

export const route = createRoute({
  method: 'post',
  path: '/v1/staff/sessions/refresh',
  operationId: 'refreshStaffSession',
  tags: ['Public'],
  security: [],
  summary: 'Renew a staff session',
  description:
    "Needs no access token: the refresh token (in the body, or the SameSite=Strict `__Host-tessera-staff-refresh` cookie; another site's `Origin` is refused, 403) is the credential. It works once; presented twice, the session ends (401 `refresh_token_reused`).",
  request: { body: { required: true, content: { 'application/json': { schema: staffRefreshBody } } } },
  responses: {
    200: {
      description: 'The renewed session.',
      content: { 'application/json': { schema: staffSessionSchema } },
    },
    ...errorResponses('forbidden', 'write_conflict', ...STAFF_REFRESH_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  requireSameOrigin(c);
  const token = body.refreshToken ?? refreshCookie(c, 'staff');
  if (token === undefined)
    fail({ code: 'refresh_token_invalid', detail: 'Send the refresh token in the body or its cookie.' });
  const deps = c.get('deps');
  c.header('cache-control', 'no-store');
  let reusedSessionId: string | undefined;
  try {
    const outcome = await write(c, 'none', {}, async () => {
      const planned = await planStaffRefresh(deps, token);
      if ('sessionId' in planned && 'code' in planned) reusedSessionId = planned.sessionId;
      return planned;
    });
    return c.json(staffSessionAnswer(c, outcome.body, body.cookie ?? body.refreshToken === undefined), 200);
  } catch (error) {
    // A refresh token used twice: someone else holds it too, so the session ends for both.
    if (reusedSessionId !== undefined) {
      const sessionId = reusedSessionId;
      await write(c, 'none', {}, async () => planEndStaffSession(deps, sessionId));
      clearRefreshCookie(c, 'staff');
    }
    throw error;
  }
};

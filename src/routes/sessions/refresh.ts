import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { errorResponses, fail } from '../../http/problems.js';
import { clearRefreshCookie, refreshCookie } from '../../http/session-cookie.js';
import { write } from '../../http/writes.js';
import { planEndSession, planRefresh, REFRESH_REFUSALS } from '../../members/sessions.js';
import { cookieField, sessionAnswer, sessionSchema } from './schemas.js';

export const refreshBody = z
  .object({
    refreshToken: z.string().min(1).max(200).optional().openapi({
      description:
        'The refresh token of the last sign-in or refresh; the web wallet sends it as its cookie instead.',
      example: 'tsr_3q2-7wEvBm0rQ1yJ8bVxk2oYl5N4cHf6aTg9dSe1uZi',
    }),
    cookie: cookieField,
  })
  .strict()
  .openapi('Refresh', { example: { refreshToken: 'tsr_3q2-7wEvBm0rQ1yJ8bVxk2oYl5N4cHf6aTg9dSe1uZi' } });

export const route = createRoute({
  method: 'post',
  path: '/v1/sessions/refresh',
  operationId: 'refreshSession',
  tags: ['Public'],
  security: [],
  summary: 'Renew a session',
  description:
    'Needs no access token: the refresh token (in the body, or the `__Host-tessera-refresh` cookie) is the credential. It works once, answered with a new access token and the next refresh token. Presented twice, it ends the session at once (401 `refresh_token_reused`).',
  request: { body: { required: true, content: { 'application/json': { schema: refreshBody } } } },
  responses: {
    200: { description: 'The renewed session.', content: { 'application/json': { schema: sessionSchema } } },
    ...errorResponses('write_conflict', ...REFRESH_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const token = body.refreshToken ?? refreshCookie(c);
  if (token === undefined)
    fail({ code: 'refresh_token_invalid', detail: 'Send the refresh token in the body or its cookie.' });
  const deps = c.get('deps');
  c.header('cache-control', 'no-store');
  let reusedSessionId: string | undefined;
  try {
    const outcome = await write(c, 'none', {}, async () => {
      const planned = await planRefresh(deps, token);
      if ('sessionId' in planned && 'code' in planned) reusedSessionId = planned.sessionId;
      return planned;
    });
    return c.json(sessionAnswer(c, outcome.body, body.cookie ?? body.refreshToken === undefined), 200);
  } catch (error) {
    // A refresh token used twice: someone else holds it too, so the session ends for both.
    if (reusedSessionId !== undefined) {
      const sessionId = reusedSessionId;
      await write(c, 'none', {}, async () => planEndSession(deps, sessionId));
      clearRefreshCookie(c);
    }
    throw error;
  }
};

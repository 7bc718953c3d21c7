import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { setRefreshCookie } from '../../http/session-cookie.js';
import type { SessionGrant } from '../../members/sessions.js';
import { timestamp } from '../schemas.js';

export const cookieField = z.boolean().optional().openapi({
  description:
    'For the web wallet: keep the refresh token in an HttpOnly, Secure, SameSite=Strict cookie (`__Host-tessera-refresh`) instead of the answer, where no script can read it.',
  example: false,
});

export const sessionSchema = z
  .object({
    memberId: z
      .string()
      .openapi({ description: 'The member signed in.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    sessionId: z.string().openapi({ description: 'The session.', example: 'ses_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    accessToken: z.string().openapi({
      description:
        'A network-signed member token (`typ: tessera-member+jwt`, `sid` = the session) for the member API, valid MEMBER_SESSION_TTL_SECONDS (15 minutes by default).',
      example: 'eyJhbGciOiJFUzI1NiIs…',
    }),
    tokenType: z
      .literal('Bearer')
      .openapi({ description: 'Send it as `Authorization: Bearer <token>`.', example: 'Bearer' }),
    expiresAt: timestamp('When the access token stops being accepted'),
    refreshToken: z.string().nullable().openapi({
      description:
        'Single use: `POST /v1/sessions/refresh` answers a new access token and the next refresh token. Null when it was put in the cookie instead. Used twice, it ends the session.',
      example: 'tsr_3q2-7wEvBm0rQ1yJ8bVxk2oYl5N4cHf6aTg9dSe1uZi',
    }),
    refreshExpiresAt: timestamp('When the session ends, however often it is refreshed'),
  })
  .openapi('Session');

/** The answer of a sign-in, the refresh token in the body or, for the web wallet, in the cookie. */
export function sessionAnswer(c: Context<AppEnv>, grant: SessionGrant, cookie: boolean | undefined) {
  if (cookie !== true) return grant;
  setRefreshCookie(c, grant.refreshToken, grant.refreshExpiresAt);
  return { ...grant, refreshToken: null };
}

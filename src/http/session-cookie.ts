import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context.js';

/**
 * The web wallet keeps its refresh token in an HttpOnly cookie that no script can read, so a
 * script injected into the page cannot carry the session away; the access token lives in the
 * page's memory for its few minutes. `__Host-` pins the cookie to this exact origin (Secure, path
 * `/`, no Domain), and SameSite=Strict keeps it off every request another site starts. Only
 * `POST /v1/sessions/refresh` and `DELETE /v1/sessions/current` read it (docs/members.md, CSRF).
 */
export const REFRESH_COOKIE = '__Host-tessera-refresh';

/**
 * The console's staff sessions keep their refresh token the same way, in a cookie of their own so
 * that a member and a staff user signed in on one browser never end each other's session. Only
 * `POST /v1/staff/sessions/refresh` and `DELETE /v1/staff/sessions/current` read it.
 */
export const STAFF_REFRESH_COOKIE = '__Host-tessera-staff-refresh';

export type SessionCookie = 'member' | 'staff';
const NAMES: Readonly<Record<SessionCookie, string>> = {
  member: 'tessera-refresh',
  staff: 'tessera-staff-refresh',
};

export function setRefreshCookie(
  c: Context<AppEnv>,
  refreshToken: string,
  expiresAt: string,
  which: SessionCookie = 'member',
): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - c.get('deps').clock()) / 1000));
  setCookie(c, NAMES[which], refreshToken, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Strict',
    maxAge,
    prefix: 'host',
  });
}

export function refreshCookie(c: Context<AppEnv>, which: SessionCookie = 'member'): string | undefined {
  return getCookie(c, NAMES[which], 'host');
}

export function clearRefreshCookie(c: Context<AppEnv>, which: SessionCookie = 'member'): void {
  deleteCookie(c, NAMES[which], { path: '/', secure: true, prefix: 'host' });
}

import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './context.js';

/**
 * CORS for the origins the operator allows (CORS_ALLOWED_ORIGINS): their web apps may call the
 * API from a browser, with the same tokens as anyone else. Requests from any other origin get no
 * CORS headers at all, so browsers keep them from reading the answer. No cookies are involved:
 * credentials are bearer tokens, which is why no route needs an exception (docs/decisions.md).
 */
export function corsForAllowedOrigins(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allowedOrigins);
  const answer = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
    exposeHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || !allowed.has(origin)) return next();
    return answer(c, next);
  };
}

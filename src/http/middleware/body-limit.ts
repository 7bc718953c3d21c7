import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../context.js';

/**
 * Refuses a request body over `maxSize` bytes, as Hono's `bodyLimit` does, without touching the
 * body of a request that has none or declares its length. Hono's middleware reads `request.body`
 * first, and on Node that alone makes `@hono/node-server` build a full web `Request` (an
 * `AbortController`, a `ReadableStream` of the body) for every request, GETs included; left
 * alone, the body is read straight from the socket when the route parses it. The length a request
 * declares can be trusted: the HTTP server reads exactly that many bytes, on Node as on Workers.
 * A chunked body, or one whose length is not declared, is counted as it streams, by Hono's.
 */
export function limitBody(
  maxSize: number,
  onError: (c: Context<AppEnv>) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  const streamed = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (!chunked && length !== undefined) return Number.parseInt(length, 10) > maxSize ? onError(c) : next();
    if (!chunked && (c.req.method === 'GET' || c.req.method === 'HEAD')) return next();
    return streamed(c, next);
  };
}

import type { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import type { ErrorCode } from './domain/errors.js';
import { registerConsole } from './http/console.js';
import type { AppDependencies, AppEnv } from './http/context.js';
import { corsForAllowedOrigins } from './http/cors.js';
import { registerDocs } from './http/docs.js';
import { limitBody } from './http/middleware/body-limit.js';
import { declareCommonRefusals, registerOpenApiDocument } from './http/openapi.js';
import { fail, PROBLEM_CONTENT_TYPE, ProblemException, problemDocument } from './http/problems.js';
import { RateLimiter } from './http/rate-limit.js';
import { createRouter } from './http/router.js';
import { registerWallet } from './http/wallet.js';
import { registerRoutes } from './routes/index.js';

export const MAX_BODY_BYTES = 64 * 1024;

/** A caller's own request id, logged beside Tessera's when it looks like an id. */
const CALLER_REQUEST_ID = /^[\w.:=-]{1,128}$/;

const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'malformed_json',
  401: 'unauthorized',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'request_timeout',
};

/** The one Tessera app, served by the Node entry and the Worker entry alike. */
export function createApp(deps: AppDependencies): OpenAPIHono<AppEnv> {
  const app = createRouter();

  // The request id is always Tessera's own, so it can never collide with another request's, and
  // the audit log never records an id the caller chose; a caller's X-Request-Id is kept apart.
  app.use(async (c, next) => {
    const id = deps.ids('req');
    c.set('requestId', id);
    const callerId = c.req.header('x-request-id');
    if (callerId !== undefined && CALLER_REQUEST_ID.test(callerId)) c.set('callerRequestId', callerId);
    c.header('x-request-id', id);
    await next();
  });
  if (deps.config.corsAllowedOrigins.length > 0)
    app.use(corsForAllowedOrigins(deps.config.corsAllowedOrigins));
  const rateLimiter = new RateLimiter(deps.config.rateLimitPerMinute, deps.clock);
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('rateLimiter', rateLimiter);
    await next();
  });
  if (deps.config.requestTimeoutMs > 0) {
    // A timed-out write may still commit after the answer: 503 means "outcome unknown", and a
    // retry with the same Idempotency-Key answers the original if it did (docs/reliability.md).
    const detail = `The request did not complete within ${deps.config.requestTimeoutMs} ms; retry it (with the same Idempotency-Key for a write).`;
    app.use(timeout(deps.config.requestTimeoutMs, () => new HTTPException(503, { message: detail })));
  }
  app.use(
    limitBody(MAX_BODY_BYTES, () =>
      fail({
        code: 'payload_too_large',
        detail: `The request body must be at most ${MAX_BODY_BYTES} bytes.`,
      }),
    ),
  );

  registerRoutes(app);
  declareCommonRefusals(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'operatorToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A network-signed operator token (`npm run -s cli -- token operator`).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'memberToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A network-signed member token, minted by the operator for a member.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'partnerToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A JWT the partner signs with its own private key (ES256 or EdDSA): header `typ: tessera-partner+jwt` and `kid`; claims `iss` = partner id, `aud` = the network audience, `iat`, `exp` at most 300 s after `iat`. Each partner may make RATE_LIMIT_PER_MINUTE requests a minute (6000 by default); beyond that the answer is 429 `rate_limited` with `Retry-After` in seconds.',
  });
  registerOpenApiDocument(app, deps.openApiDocument ?? 'generated');
  registerDocs(app);
  registerWallet(app);
  registerConsole(app);

  app.notFound((c) => {
    const allowed = allowedMethods(app, c.req.path).filter((method) => method !== c.req.method);
    const id = c.get('requestId');
    if (allowed.length > 0) {
      const detail = `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(' or ')}.`;
      return problemResponse({ code: 'method_not_allowed', detail }, id, allowed.join(', '));
    }
    return problemResponse(
      { code: 'route_not_found', detail: `There is no route ${c.req.method} ${c.req.path}.` },
      id,
      null,
    );
  });

  app.onError((error, c) => {
    const id = c.get('requestId');
    if (error instanceof ProblemException) return problemResponse(error.error, id, null);
    if (error instanceof HTTPException) {
      const code = HTTP_EXCEPTION_CODES[error.status] ?? 'validation_failed';
      return problemResponse({ code, detail: error.message || 'The request was refused.' }, id, null);
    }
    console.error(
      JSON.stringify({
        level: 'error',
        requestId: id,
        callerRequestId: c.get('callerRequestId'),
        message: error instanceof Error ? error.stack : String(error),
      }),
    );
    return problemResponse(
      { code: 'internal_error', detail: `Internal error; quote request id ${id} when reporting it.` },
      id,
      null,
    );
  });

  return app;
}

function problemResponse(
  error: ProblemException['error'],
  requestIdValue: string,
  allow: string | null,
): Response {
  const document = problemDocument(error, requestIdValue);
  const headers: Record<string, string> = {
    'content-type': PROBLEM_CONTENT_TYPE,
    'x-request-id': requestIdValue,
  };
  if (allow !== null) headers.allow = allow;
  if (error.code === 'rate_limited' && typeof error.extensions?.retryAfterSeconds === 'number') {
    headers['retry-after'] = String(error.extensions.retryAfterSeconds);
  }
  return new Response(JSON.stringify(document), { status: document.status, headers });
}

/** Methods that some route answers on this path, for a 405 instead of a 404. */
function allowedMethods(app: OpenAPIHono<AppEnv>, path: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.path === '/*' || route.path === '*') continue;
    const pattern = new RegExp(
      `^${route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`,
    );
    if (pattern.test(path)) methods.add(route.method);
  }
  return [...methods];
}

import type { MiddlewareHandler } from 'hono';
import { and, eq, isNull } from 'drizzle-orm';
import type { PrincipalKind } from '../../auth/principal.js';
import { verifyBearerToken } from '../../auth/tokens.js';
import { isDomainError } from '../../domain/errors.js';
import { partnerKeys, partners } from '../../db/schema/index.js';
import type { AppDependencies, AppEnv } from '../context.js';
import { fail } from '../problems.js';

const SECURITY_SCHEMES: Record<PrincipalKind, string> = {
  operator: 'operatorToken',
  member: 'memberToken',
  partner: 'partnerToken',
};

/** Route options declaring who may call it: the OpenAPI `security` and the middleware that enforces it. */
export function accepts(...kinds: PrincipalKind[]) {
  return {
    security: kinds.map((kind) => ({ [SECURITY_SCHEMES[kind]]: [] })),
    middleware: authenticate(kinds),
  };
}

function authenticate(kinds: readonly PrincipalKind[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined || header === '') {
      fail({ code: 'unauthorized', detail: 'Send a bearer token in the Authorization header.' });
    }
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/i.exec(header.trim());
    if (match?.[1] === undefined) fail({ code: 'invalid_token', detail: 'The Authorization header must be "Bearer <token>".' });
    const deps = c.get('deps');
    const principal = await verifyBearerToken(match[1], kinds, {
      settings: { issuer: deps.config.tokenIssuer, audience: deps.config.tokenAudience, clockToleranceSeconds: deps.config.clockToleranceSeconds },
      networkKeys: deps.networkKeys,
      partnerKeyCache: deps.partnerKeyCache,
      findPartnerKey: (partnerId, kid) => findPartnerKey(deps, partnerId, kid),
      nowMs: deps.clock(),
    });
    if (isDomainError(principal)) fail(principal);
    c.set('principal', principal);
    await next();
  };
}

async function findPartnerKey(deps: AppDependencies, partnerId: string, kid: string) {
  const [row] = await deps.db
    .select({ algorithm: partnerKeys.algorithm, publicJwk: partnerKeys.publicJwk, status: partners.status })
    .from(partnerKeys)
    .innerJoin(partners, eq(partners.id, partnerKeys.partnerId))
    .where(and(eq(partnerKeys.partnerId, partnerId), eq(partnerKeys.kid, kid), isNull(partnerKeys.removedAt)))
    .limit(1);
  return row === undefined ? undefined : { algorithm: row.algorithm, publicJwk: row.publicJwk, partnerActive: row.status === 'active' };
}

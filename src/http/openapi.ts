import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ErrorCode } from '../domain/errors.js';
import type { AppEnv } from './context.js';
import { errorResponses, problemCodesOf } from './problems.js';

/** The security scheme each principal's token is declared under. */
const SCHEMES_REFUSALS: Readonly<Record<string, readonly ErrorCode[]>> = {
  partnerToken: ['unauthorized', 'invalid_token', 'rate_limited'],
  memberToken: ['unauthorized', 'invalid_token', 'member_not_found'],
  operatorToken: ['unauthorized', 'invalid_token'],
};

/** What any request with a JSON body can be refused with before a handler sees it. */
const BODY_REFUSALS: readonly ErrorCode[] = ['malformed_json', 'unsupported_media_type', 'payload_too_large'];

/**
 * Declares on every operation the refusals that come from the app rather than the route: the
 * token (by the principals the route accepts), the body (malformed, not JSON, too large) and the
 * rate limit. With the refusals each route takes from its planner, every problem an operation can
 * answer is in the document, derived, never listed by hand.
 */
export function declareCommonRefusals(app: OpenAPIHono<AppEnv>): void {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { route } = definition;
    const codes = new Set<ErrorCode>();
    for (const requirement of route.security ?? []) {
      for (const scheme of Object.keys(requirement))
        for (const code of SCHEMES_REFUSALS[scheme] ?? []) codes.add(code);
    }
    if (route.request?.body !== undefined) for (const code of BODY_REFUSALS) codes.add(code);
    if (codes.size === 0) continue;
    const declared = Object.values(route.responses).flatMap((response) => problemCodesOf(response));
    const successes = Object.entries(route.responses).filter(
      ([, response]) => problemCodesOf(response).length === 0,
    );
    route.responses = {
      ...Object.fromEntries(successes),
      ...errorResponses(...declared, ...codes),
    };
  }
}

import type { Context } from 'hono';
import type { Principal, PrincipalKind } from '../auth/principal.js';
import type { AppEnv } from './context.js';
import { fail } from './problems.js';

/** The authenticated principal, narrowed to the kind the handler serves. */
export function principalOf<K extends PrincipalKind>(
  c: Context<AppEnv>,
  kind: K,
): Extract<Principal, { kind: K }> {
  const principal = c.get('principal');
  if (principal.kind !== kind)
    fail({ code: 'forbidden', detail: `This route is not for ${principal.kind} tokens.` });
  return principal as Extract<Principal, { kind: K }>;
}

/** The member whose token the request carries. */
export function memberOf(c: Context<AppEnv>): string {
  return principalOf(c, 'member').memberId;
}

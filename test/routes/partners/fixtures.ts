import { asc } from 'drizzle-orm';
import { expect } from 'vitest';
import { accounts, partnerKeys, partners } from '../../../src/db/schema/index.js';
import type { TestApp, TestResponse } from '../../support/harness.js';

/** Every kind of caller an operator route must tell apart. */
export const PRINCIPALS = ['no token', 'member token', 'partner token', 'operator token'] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/**
 * The security matrix of an operator route: every caller but the operator is refused with 401
 * (`unauthorized` without a token, `invalid_token` for a token of another kind).
 */
export function operatorOnlyMatrix(
  allowedStatus: number,
): { principal: PrincipalName; status: number; code: string | null }[] {
  return [
    { principal: 'no token', status: 401, code: 'unauthorized' },
    { principal: 'member token', status: 401, code: 'invalid_token' },
    { principal: 'partner token', status: 401, code: 'invalid_token' },
    { principal: 'operator token', status: allowedStatus, code: null },
  ];
}

/**
 * The security matrix of a partner key route: a partner reaches its own keys only, so another
 * partner's token is refused with 403 `forbidden`; members and anonymous callers with 401.
 */
export function partnerKeysMatrix(
  allowedStatus: number,
): { principal: PrincipalName; status: number; code: string | null }[] {
  return operatorOnlyMatrix(allowedStatus).map((row) =>
    row.principal === 'partner token' ? { ...row, status: 403, code: 'forbidden' } : row,
  );
}

/** Checks a matrix row: the operator's answer has the allowed status, a refusal is a 401 problem. */
export function expectMatrixOutcome(
  response: TestResponse,
  expected: { status: number; code: string | null },
): void {
  if (expected.code === null) expect(response.status).toBe(expected.status);
  else expectProblem(response, expected.status, expected.code);
}

/** A bearer token of the given kind; the partner one belongs to a partner onboarded for the purpose. */
export async function tokenFor(app: TestApp, principal: PrincipalName): Promise<string | undefined> {
  switch (principal) {
    case 'no token':
      return undefined;
    case 'member token':
      return app.memberToken('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q');
    case 'partner token':
      return (
        await app.onboardPartner({ name: 'Caller Pharmacy Prague', country: 'CZ', settlementCurrency: 'CZK' })
      ).token();
    case 'operator token':
      return app.operatorToken();
  }
}

/** Everything the partner routes can write, to prove a refused request changed nothing. */
export async function partnerTablesSnapshot(app: TestApp) {
  const { db } = app.deps;
  return {
    partners: await db.select().from(partners).orderBy(asc(partners.id)),
    partnerKeys: await db
      .select()
      .from(partnerKeys)
      .orderBy(asc(partnerKeys.partnerId), asc(partnerKeys.kid)),
    accounts: await db.select().from(accounts).orderBy(asc(accounts.id)),
  };
}

export function expectProblem(response: TestResponse, status: number, code: string): void {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
}

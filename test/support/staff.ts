import { expect } from 'vitest';
import { SoftwareAuthenticator } from './authenticator.js';
import type { TestApp } from './harness.js';

export interface StaffUser {
  readonly userId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly authenticator: SoftwareAuthenticator;
}

/** Invites a staff user with the operator's token (or `inviterToken`); answers the invitation. */
export async function invite(
  app: TestApp,
  body: { name?: string; role: string; partnerId?: string },
  inviterToken?: string,
) {
  const token = inviterToken ?? (await app.operatorToken());
  return app.request('POST', '/v1/staff/invitations', { token, body: { name: 'Giulia Conti', ...body } });
}

/** Accepts an invitation with a fresh software passkey; answers the response and the authenticator. */
export async function accept(app: TestApp, code: string, authenticator?: SoftwareAuthenticator) {
  const device = authenticator ?? (await SoftwareAuthenticator.create());
  const options = await app.request('POST', '/v1/staff/invitations/challenges', { body: { code } });
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const credential = await device.register(options.body.publicKey);
  const response = await app.request('POST', '/v1/staff/invitations/acceptance', {
    body: { code, challengeToken: options.body.challengeToken, credential },
  });
  return { response, authenticator: device };
}

/** A signed-in staff user of the operator (no partner) or of a partner. */
export async function staffUser(
  app: TestApp,
  body: { role: string; partnerId?: string; name?: string },
): Promise<StaffUser> {
  const invited = await invite(app, body);
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  const { response, authenticator } = await accept(app, invited.body.code);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return {
    userId: response.body.userId,
    accessToken: response.body.accessToken,
    refreshToken: response.body.refreshToken,
    authenticator,
  };
}

/** Signs a staff user in with their passkey. */
export async function staffSignIn(app: TestApp, authenticator: SoftwareAuthenticator, cookie = false) {
  const options = await app.request('POST', '/v1/staff/sessions/passkey/challenges', {});
  const credential = await authenticator.assert(options.body.publicKey);
  return app.request('POST', '/v1/staff/sessions/passkey', {
    body: { challengeToken: options.body.challengeToken, credential, ...(cookie ? { cookie: true } : {}) },
  });
}

/** The staff rows, as a test of a refused write compares them before and after. */
export async function staffSnapshot(app: TestApp) {
  const { client } = app.deps;
  const tables = ['staff_users', 'staff_invitations', 'staff_passkeys', 'staff_sessions', 'audit_log'];
  const counts: Record<string, unknown> = {};
  for (const table of tables) {
    const result = await client.execute(`SELECT * FROM ${table} ORDER BY rowid`);
    counts[table] = result.rows.map((row) => ({ ...row }));
  }
  return counts;
}

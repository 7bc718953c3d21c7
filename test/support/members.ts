import { sql } from 'drizzle-orm';
import { newKey, type PartnerClient } from './coalition.js';
import type { TestApp } from './harness.js';

/** Enrols a member at a partner and answers the whole enrolment, claim code included. */
export async function enrolWithClaim(
  app: TestApp,
  partner: PartnerClient,
  body: Record<string, unknown> = {},
) {
  const response = await app.request('POST', '/v1/members', {
    token: await partner.token(),
    body,
    idempotencyKey: newKey('enrol'),
  });
  if (response.status !== 201) throw new Error(`enrol: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; claim: { code: string; url: string; expiresAt: string } };
}

export const claim = (app: TestApp, code: string, extra: Record<string, unknown> = {}) =>
  app.request('POST', '/v1/claims', { body: { code, ...extra } });

/** A member enrolled at the partner who claimed the wallet: signed in, with a session. */
export async function claimedMember(
  app: TestApp,
  partner: PartnerClient,
  body: Record<string, unknown> = {},
) {
  const enrolled = await enrolWithClaim(app, partner, body);
  const claimed = await claim(app, enrolled.claim.code);
  if (claimed.status !== 201) throw new Error(`claim: ${claimed.status} ${JSON.stringify(claimed.body)}`);
  return {
    memberId: enrolled.id,
    accessToken: claimed.body.accessToken as string,
    refreshToken: claimed.body.refreshToken as string,
    sessionId: claimed.body.sessionId as string,
  };
}

/** The rows of the tables a claim or a sign-in writes, to show that a refusal changed nothing. */
export async function identitySnapshot(app: TestApp) {
  const rows = async (table: string) =>
    (await app.deps.db.all(sql.raw(`SELECT * FROM ${table} ORDER BY rowid`))) as unknown[];
  return {
    members: await rows('members'),
    claimCodes: await rows('claim_codes'),
    sessions: await rows('member_sessions'),
    refreshTokens: await rows('refresh_tokens'),
    events: await rows('events'),
  };
}

/** Registers the authenticator's passkey for a signed-in member; answers the passkey. */
export async function registerPasskey(
  app: TestApp,
  accessToken: string,
  authenticator: import('./authenticator.js').SoftwareAuthenticator,
  name?: string,
) {
  const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: accessToken });
  const credential = await authenticator.register(options.body.publicKey);
  const response = await app.request('POST', '/v1/me/passkeys', {
    token: accessToken,
    body: { challengeToken: options.body.challengeToken, credential, ...(name ? { name } : {}) },
  });
  if (response.status !== 201)
    throw new Error(`register: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; name: string };
}

/** Signs in with the authenticator's passkey: answers the sign-in response. */
export async function signInWithPasskey(
  app: TestApp,
  authenticator: import('./authenticator.js').SoftwareAuthenticator,
  ceremony: import('./authenticator.js').Ceremony = {},
) {
  const options = await app.request('POST', '/v1/sessions/passkey/challenges', {});
  const credential = await authenticator.assert(options.body.publicKey, ceremony);
  return app.request('POST', '/v1/sessions/passkey', {
    body: { challengeToken: options.body.challengeToken, credential },
  });
}

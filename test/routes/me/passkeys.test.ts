import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SoftwareAuthenticator } from '../../support/authenticator.js';
import { newKey, type PartnerClient, partnerClient } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import {
  claim,
  claimedMember,
  identitySnapshot,
  registerPasskey,
  signInWithPasskey,
} from '../../support/members.js';

const WALLET = 'https://wallet.tessera.example';

let app: TestApp;
let shop: PartnerClient;
let member: Awaited<ReturnType<typeof claimedMember>>;
let phone: SoftwareAuthenticator;
beforeEach(async () => {
  app = await TestApp.create({ environment: { WALLET_ORIGINS: WALLET } });
  shop = await partnerClient(app, { settlementCurrency: 'EUR' });
  member = await claimedMember(app, shop);
  phone = await SoftwareAuthenticator.create({ origin: WALLET });
});
afterEach(async () => {
  await app.close();
});

const snapshot = async () => ({
  ...(await identitySnapshot(app)),
  passkeys: await app.deps.db.all(sql`SELECT * FROM passkeys ORDER BY rowid`),
  challenges: await app.deps.db.all(sql`SELECT * FROM used_challenges ORDER BY rowid`),
});

async function expectRefusedSignIn(response: { status: number; body: any }, code: string, detail?: RegExp) {
  expect(response.status, JSON.stringify(response.body)).toBe(code === 'passkey_refused' ? 401 : 422);
  expect(response.body.code).toBe(code);
  if (detail) expect(response.body.detail).toMatch(detail);
}

describe('registering a passkey', () => {
  test('the options ask for a discoverable, user-verified passkey of this wallet, without attestation', async () => {
    const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: member.accessToken });
    expect(options.status).toBe(200);
    expect(options.body.publicKey).toMatchObject({
      rp: { id: 'wallet.tessera.example', name: 'Tessera' },
      user: { name: member.memberId, displayName: 'Tessera member' },
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -8 },
        { type: 'public-key', alg: -257 },
      ],
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      excludeCredentials: [],
    });
    expect(options.body.publicKey.challenge).toMatch(/^[\w-]{43}$/);
  });

  test('a passkey made for the options is kept, listed, and excluded from the next options', async () => {
    const passkey = await registerPasskey(app, member.accessToken, phone, 'iPhone');
    expect(passkey).toMatchObject({ name: 'iPhone', algorithm: 'ES256', backedUp: true, lastUsedAt: null });
    const list = await app.request('GET', '/v1/me/passkeys', { token: member.accessToken });
    expect(list.body.data.map((item: { id: string }) => item.id)).toEqual([passkey.id]);
    const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: member.accessToken });
    expect(options.body.publicKey.excludeCredentials).toEqual([
      { type: 'public-key', id: phone.id, transports: ['internal', 'hybrid'] },
    ]);
  });

  test.each(['EdDSA', 'RS256'] as const)('a %s passkey registers and signs in too', async (algorithm) => {
    const key = await SoftwareAuthenticator.create({ origin: WALLET, algorithm });
    expect((await registerPasskey(app, member.accessToken, key)) as unknown).toMatchObject({ algorithm });
    expect((await signInWithPasskey(app, key)).status).toBe(201);
  });

  test.each([
    [
      'another origin',
      { origin: 'https://evil.example' },
      /origin "https:\/\/evil.example" is not the wallet's/,
    ],
    ['another RP ID', { rpId: 'evil.example' }, /another relying party/],
    ['no user verification', { userVerified: false }, /not verified/],
    ['a sign-in answer', { type: 'webauthn.get' }, /not of type webauthn.create/],
    ['another challenge', { challenge: 'AAAA' }, /another challenge/],
  ] as const)('a credential made with %s is refused, nothing kept', async (_case, ceremony, detail) => {
    const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: member.accessToken });
    const credential = await phone.register(options.body.publicKey, ceremony);
    const before = await snapshot();
    const response = await app.request('POST', '/v1/me/passkeys', {
      token: member.accessToken,
      body: { challengeToken: options.body.challengeToken, credential },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('passkey_invalid');
    expect(response.body.detail).toMatch(detail);
    expect(await snapshot()).toEqual(before);
  });

  test("another member's challenge, or the same challenge twice, is refused", async () => {
    const other = await claimedMember(app, shop);
    const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: other.accessToken });
    const credential = await phone.register(options.body.publicKey);
    const stolen = await app.request('POST', '/v1/me/passkeys', {
      token: member.accessToken,
      body: { challengeToken: options.body.challengeToken, credential },
    });
    expect(stolen.body.code).toBe('webauthn_challenge_invalid');
    const own = await app.request('POST', '/v1/me/passkeys', {
      token: other.accessToken,
      body: { challengeToken: options.body.challengeToken, credential },
    });
    expect(own.status).toBe(201);
    const laptop = await SoftwareAuthenticator.create({ origin: WALLET });
    const again = await app.request('POST', '/v1/me/passkeys', {
      token: other.accessToken,
      body: {
        challengeToken: options.body.challengeToken,
        credential: await laptop.register(options.body.publicKey),
      },
    });
    expect(again.body.code).toBe('webauthn_challenge_invalid');
  });

  test('a passkey registered already (here, or for another member) is refused', async () => {
    await registerPasskey(app, member.accessToken, phone);
    const other = await claimedMember(app, shop);
    const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: other.accessToken });
    const response = await app.request('POST', '/v1/me/passkeys', {
      token: other.accessToken,
      body: {
        challengeToken: options.body.challengeToken,
        credential: await phone.register(options.body.publicKey),
      },
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('passkey_exists');
  });

  test('an expired challenge is refused', async () => {
    const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: member.accessToken });
    app.clock.advance(301_000 + 30_000);
    const response = await app.request('POST', '/v1/me/passkeys', {
      token: member.accessToken,
      body: {
        challengeToken: options.body.challengeToken,
        credential: await phone.register(options.body.publicKey),
      },
    });
    expect(response.body.code).toBe('webauthn_challenge_invalid');
  });
});

describe('signing in with a passkey', () => {
  test('the options name no one; the assertion opens a session that works', async () => {
    const passkey = await registerPasskey(app, member.accessToken, phone);
    const options = await app.request('POST', '/v1/sessions/passkey/challenges', {});
    expect(options.body.publicKey).toMatchObject({
      rpId: 'wallet.tessera.example',
      userVerification: 'required',
      allowCredentials: [],
    });
    const response = await signInWithPasskey(app, phone);
    expect(response.status).toBe(201);
    expect(response.body.memberId).toBe(member.memberId);
    expect((await app.request('GET', '/v1/me', { token: response.body.accessToken })).status).toBe(200);
    const list = await app.request('GET', '/v1/me/passkeys', { token: response.body.accessToken });
    expect(list.body.data).toMatchObject([
      { id: passkey.id, lastUsedAt: new Date(app.clock.nowMs).toISOString() },
    ]);
  });

  test('a replayed assertion is refused and changes nothing', async () => {
    await registerPasskey(app, member.accessToken, phone);
    const options = await app.request('POST', '/v1/sessions/passkey/challenges', {});
    const credential = await phone.assert(options.body.publicKey);
    const body = { challengeToken: options.body.challengeToken, credential };
    expect((await app.request('POST', '/v1/sessions/passkey', { body })).status).toBe(201);
    const before = await snapshot();
    await expectRefusedSignIn(
      await app.request('POST', '/v1/sessions/passkey', { body }),
      'passkey_refused',
      /already answered/,
    );
    expect(await snapshot()).toEqual(before);
  });

  test('the same assertion sent ten times at once signs in once', async () => {
    await registerPasskey(app, member.accessToken, await SoftwareAuthenticator.create({ origin: WALLET }));
    const synced = await SoftwareAuthenticator.create({ origin: WALLET, counting: false });
    await registerPasskey(app, member.accessToken, synced);
    const options = await app.request('POST', '/v1/sessions/passkey/challenges', {});
    const body = {
      challengeToken: options.body.challengeToken,
      credential: await synced.assert(options.body.publicKey),
    };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => app.request('POST', '/v1/sessions/passkey', { body })),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect((await app.deps.db.all(sql`SELECT id FROM member_sessions WHERE method = 'passkey'`)).length).toBe(
      1,
    );
  });

  test.each([
    ['another origin', { origin: 'https://evil.example' }, /not the wallet's/],
    ['another RP ID', { rpId: 'evil.example' }, /another relying party/],
    ['no user verification', { userVerified: false }, /not verified/],
    ['no user presence', { userPresent: false }, /not present/],
    ['a registration answer', { type: 'webauthn.create' }, /not of type webauthn.get/],
    ['another challenge', { challenge: 'AAAA' }, /another challenge/],
    ['a cross-origin frame', { crossOrigin: true }, /cross-origin/],
  ] as const)('a foreign assertion (%s) is refused, nothing changed', async (_case, ceremony, detail) => {
    await registerPasskey(app, member.accessToken, phone);
    const before = await snapshot();
    await expectRefusedSignIn(await signInWithPasskey(app, phone, ceremony), 'passkey_refused', detail);
    expect(await snapshot()).toEqual(before);
  });

  test('an assertion signed by another key under the credential id is refused', async () => {
    await registerPasskey(app, member.accessToken, phone);
    const forger = await SoftwareAuthenticator.create({ origin: WALLET });
    Object.defineProperty(forger, 'credentialId', { value: phone.credentialId });
    const before = await snapshot();
    await expectRefusedSignIn(
      await signInWithPasskey(app, forger),
      'passkey_refused',
      /signature does not verify/,
    );
    expect(await snapshot()).toEqual(before);
  });

  test('a passkey Tessera does not hold is refused', async () => {
    const stranger = await SoftwareAuthenticator.create({ origin: WALLET });
    await expectRefusedSignIn(await signInWithPasskey(app, stranger), 'passkey_refused', /not registered/);
  });

  test('a counter that goes backwards (a cloned authenticator) is refused', async () => {
    await registerPasskey(app, member.accessToken, phone);
    expect((await signInWithPasskey(app, phone, { signCount: 10 })).status).toBe(201);
    await expectRefusedSignIn(
      await signInWithPasskey(app, phone, { signCount: 10 }),
      'passkey_refused',
      /cloned/,
    );
  });

  test('a registration challenge cannot sign in, nor a sign-in challenge past 5 minutes', async () => {
    await registerPasskey(app, member.accessToken, phone);
    const registration = await app.request('POST', '/v1/me/passkeys/challenges', {
      token: member.accessToken,
    });
    const credential = await phone.assert({
      challenge: registration.body.publicKey.challenge,
      rpId: 'wallet.tessera.example',
    });
    const response = await app.request('POST', '/v1/sessions/passkey', {
      body: { challengeToken: registration.body.challengeToken, credential },
    });
    await expectRefusedSignIn(response, 'webauthn_challenge_invalid');
    const options = await app.request('POST', '/v1/sessions/passkey/challenges', {});
    app.clock.advance(340_000);
    const late = await app.request('POST', '/v1/sessions/passkey', {
      body: {
        challengeToken: options.body.challengeToken,
        credential: await phone.assert(options.body.publicKey),
      },
    });
    await expectRefusedSignIn(late, 'webauthn_challenge_invalid');
  });
});

describe('several passkeys, and removing one', () => {
  test('each signs in; removing one ends its sessions and its sign-ins, the other keeps working', async () => {
    const laptop = await SoftwareAuthenticator.create({ origin: WALLET });
    const onPhone = await registerPasskey(app, member.accessToken, phone, 'Phone');
    await registerPasskey(app, member.accessToken, laptop, 'Laptop');
    const viaPhone = await signInWithPasskey(app, phone);
    const viaLaptop = await signInWithPasskey(app, laptop);
    const removed = await app.request('DELETE', `/v1/me/passkeys/${onPhone.id}`, {
      token: viaLaptop.body.accessToken,
    });
    expect(removed.status).toBe(204);
    expect((await app.request('GET', '/v1/me', { token: viaPhone.body.accessToken })).status).toBe(401);
    expect((await app.request('GET', '/v1/me', { token: viaLaptop.body.accessToken })).status).toBe(200);
    await expectRefusedSignIn(await signInWithPasskey(app, phone), 'passkey_refused', /not registered/);
    expect((await signInWithPasskey(app, laptop)).status).toBe(201);
  });

  test("the last passkey cannot be removed, nor another member's", async () => {
    const only = await registerPasskey(app, member.accessToken, phone);
    const last = await app.request('DELETE', `/v1/me/passkeys/${only.id}`, { token: member.accessToken });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('passkey_last');
    const other = await claimedMember(app, shop);
    const foreign = await app.request('DELETE', `/v1/me/passkeys/${only.id}`, { token: other.accessToken });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('passkey_not_found');
  });

  test('a sign-in with a removed passkey, racing its removal, never survives it', async () => {
    const laptop = await SoftwareAuthenticator.create({ origin: WALLET });
    const onPhone = await registerPasskey(app, member.accessToken, phone);
    await registerPasskey(app, member.accessToken, laptop);
    const [signIn] = await Promise.all([
      signInWithPasskey(app, phone),
      app.request('DELETE', `/v1/me/passkeys/${onPhone.id}`, { token: member.accessToken }),
    ]);
    if (signIn.status === 201)
      expect((await app.request('GET', '/v1/me', { token: signIn.body.accessToken })).status).toBe(401);
  });
});

describe('recovery when every passkey is lost', () => {
  test('a recovery code from the partner signs the member in; a new passkey replaces the lost one', async () => {
    const lost = await registerPasskey(app, member.accessToken, phone, 'Lost phone');
    const onLostPhone = await signInWithPasskey(app, phone);
    const recovery = await app.request('POST', `/v1/members/${member.memberId}/claim-codes`, {
      token: await shop.token(),
      idempotencyKey: newKey('recovery'),
    });
    expect(recovery.status).toBe(201);
    const claimed = await claim(app, recovery.body.claim.code);
    expect(claimed.status).toBe(201);
    expect(claimed.body.memberId).toBe(member.memberId);

    const newPhone = await SoftwareAuthenticator.create({ origin: WALLET });
    await registerPasskey(app, claimed.body.accessToken, newPhone, 'New phone');
    const removed = await app.request('DELETE', `/v1/me/passkeys/${lost.id}`, {
      token: claimed.body.accessToken,
    });
    expect(removed.status).toBe(204);
    // Whoever holds the lost phone is signed out and cannot sign in again.
    expect((await app.request('GET', '/v1/me', { token: onLostPhone.body.accessToken })).status).toBe(401);
    await expectRefusedSignIn(await signInWithPasskey(app, phone), 'passkey_refused', /not registered/);
    expect((await signInWithPasskey(app, newPhone)).body.memberId).toBe(member.memberId);

    const audit = await app.request('GET', '/v1/audit-log', { token: await app.operatorToken() });
    expect(audit.body.data[0]).toMatchObject({
      actor: shop.partner.id,
      action: 'member.claim_code_issue',
      target: member.memberId,
    });
    // The recovery code was used: it cannot open a second session.
    expect((await claim(app, recovery.body.claim.code)).body.code).toBe('claim_code_used');
  });
});

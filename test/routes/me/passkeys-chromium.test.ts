// @module-tag deep — a headless Chromium: `npm run test:deep` runs it, `npm test` does not.
import {
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type IsolatedBrowser, openIsolatedBrowser } from '../../support/chromium.js';
import { partnerClient } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { claimedMember } from '../../support/members.js';

/**
 * Passkeys made and used by Chromium's virtual authenticator (CDP `WebAuthn` domain): real
 * attestations and assertions, as a browser hands them over with `PublicKeyCredential.toJSON()`.
 * Each one is also checked with @simplewebauthn/server, a relying-party library maintained on its
 * own, so that Tessera's verifier and a reference one are seen to agree on real responses.
 */
const WALLET = 'https://wallet.tessera.example';
const PHISHING = 'https://wallet-tessera.example';
const RP_ID = 'wallet.tessera.example';
const PAGE_TIMEOUT_MS = 60_000;

let app: TestApp;
let browser: IsolatedBrowser;
beforeAll(async () => {
  app = await TestApp.create({ environment: { WALLET_ORIGINS: WALLET } });
  browser = await openIsolatedBrowser(WALLET);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A device: a tab on `origin` with its own virtual platform authenticator (user-verifying, with resident keys). */
async function device(origin = WALLET): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
  const page = await browser.context.newPage();
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>wallet</title>' }),
  );
  await page.goto(`${origin}/`, { timeout: PAGE_TIMEOUT_MS });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { page, cdp, authenticatorId };
}

/** A ceremony runs only in the focused tab, as a member touching their phone would see it. */
async function create(page: Page, options: unknown) {
  await page.bringToFront();
  return page.evaluate(async (json) => {
    const parse = PublicKeyCredential.parseCreationOptionsFromJSON;
    const credential = (await navigator.credentials.create({
      publicKey: parse(json as never),
    })) as PublicKeyCredential;
    return credential.toJSON();
  }, options) as Promise<RegistrationResponseJSON>;
}

async function get(page: Page, options: unknown) {
  await page.bringToFront();
  return page.evaluate(async (json) => {
    const parse = PublicKeyCredential.parseRequestOptionsFromJSON;
    const credential = (await navigator.credentials.get({
      publicKey: parse(json as never),
    })) as PublicKeyCredential;
    return credential.toJSON();
  }, options) as Promise<AuthenticationResponseJSON>;
}

/** Registers the device's passkey through the API; answers Tessera's passkey and the reference verdict. */
async function register(accessToken: string, page: Page, name: string) {
  const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: accessToken });
  const credential = await create(page, options.body.publicKey);
  const reference = await verifyRegistrationResponse({
    response: credential,
    expectedChallenge: options.body.publicKey.challenge,
    expectedOrigin: WALLET,
    expectedRPID: RP_ID,
    requireUserVerification: true,
  });
  const response = await app.request('POST', '/v1/me/passkeys', {
    token: accessToken,
    body: { challengeToken: options.body.challengeToken, credential, name },
  });
  return { response, reference, credential };
}

/** Signs in with whatever passkey the device offers; answers the sign-in and the assertion sent. */
async function signIn(page: Page) {
  const options = await app.request('POST', '/v1/sessions/passkey/challenges', {});
  const credential = await get(page, options.body.publicKey);
  const body = { challengeToken: options.body.challengeToken, credential };
  return { response: await app.request('POST', '/v1/sessions/passkey', { body }), body, options };
}

describe('passkeys with Chromium’s virtual authenticator', { timeout: 180_000 }, () => {
  test('a member registers a phone and a laptop, signs in with each, removes one; replays are refused', async () => {
    const shop = await partnerClient(app, { settlementCurrency: 'EUR' });
    const member = await claimedMember(app, shop);
    const phone = await device();
    const laptop = await device();

    const phoneKey = await register(member.accessToken, phone.page, 'Phone');
    expect(phoneKey.response.status, JSON.stringify(phoneKey.response.body)).toBe(201);
    expect(phoneKey.reference.verified).toBe(true);
    expect(phoneKey.response.body).toMatchObject({ name: 'Phone', algorithm: 'ES256' });
    const laptopKey = await register(member.accessToken, laptop.page, 'Laptop');
    expect(laptopKey.response.status, JSON.stringify(laptopKey.response.body)).toBe(201);
    expect(laptopKey.reference.verified).toBe(true);

    // Registering the phone again is excluded by the browser itself (excludeCredentials).
    const again = await app.request('POST', '/v1/me/passkeys/challenges', { token: member.accessToken });
    await expect(create(phone.page, again.body.publicKey)).rejects.toThrow(/InvalidStateError|excluded/i);

    for (const [device_, key] of [
      [phone, phoneKey],
      [laptop, laptopKey],
    ] as const) {
      const signedIn = await signIn(device_.page);
      expect(signedIn.response.status, JSON.stringify(signedIn.response.body)).toBe(201);
      expect(signedIn.response.body.memberId).toBe(member.memberId);
      const info = key.reference.registrationInfo;
      if (info === undefined) throw new Error('the reference verifier kept no credential');
      const reference = await verifyAuthenticationResponse({
        response: signedIn.body.credential,
        expectedChallenge: signedIn.options.body.publicKey.challenge,
        expectedOrigin: WALLET,
        expectedRPID: RP_ID,
        credential: { ...info.credential, counter: 0 },
        requireUserVerification: true,
      });
      expect(reference.verified).toBe(true);
      const me = await app.request('GET', '/v1/me', { token: signedIn.response.body.accessToken });
      expect(me.status).toBe(200);
      // The same assertion again: the challenge was used, whatever the signature says.
      const replayed = await app.request('POST', '/v1/sessions/passkey', { body: signedIn.body });
      expect(replayed.status).toBe(401);
      expect(replayed.body.code).toBe('passkey_refused');
    }

    const removed = await app.request('DELETE', `/v1/me/passkeys/${laptopKey.response.body.id}`, {
      token: member.accessToken,
    });
    expect(removed.status).toBe(204);
    const afterRemoval = await signIn(laptop.page);
    expect(afterRemoval.response.status).toBe(401);
    expect(afterRemoval.response.body.code).toBe('passkey_refused');
    expect((await signIn(phone.page)).response.status).toBe(201);
    await phone.page.close();
    await laptop.page.close();
  });

  test('a passkey made on a look-alike site is refused by Tessera and by the reference verifier', async () => {
    const shop = await partnerClient(app, { settlementCurrency: 'EUR' });
    const member = await claimedMember(app, shop);
    const phishing = await device(PHISHING);
    const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: member.accessToken });
    // The look-alike page can only ask for a passkey of its own site: the browser sees to that.
    const credential = await create(phishing.page, {
      ...options.body.publicKey,
      rp: { ...options.body.publicKey.rp, id: 'wallet-tessera.example' },
    });
    await expect(
      verifyRegistrationResponse({
        response: credential,
        expectedChallenge: options.body.publicKey.challenge,
        expectedOrigin: WALLET,
        expectedRPID: RP_ID,
      }),
    ).rejects.toThrow(/origin/i);
    const response = await app.request('POST', '/v1/me/passkeys', {
      token: member.accessToken,
      body: { challengeToken: options.body.challengeToken, credential },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('passkey_invalid');
    const listed = await app.request('GET', '/v1/me/passkeys', { token: member.accessToken });
    expect(listed.body.data).toEqual([]);
    await phishing.page.close();
  });
});

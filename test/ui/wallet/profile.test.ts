import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { newKey } from '../../support/coalition.js';
import { enrolWithClaim } from '../../support/members.js';
import {
  claimInBrowser,
  expectAccessible,
  phone,
  shop,
  type WalletPage,
  type WalletServer,
  walletPage,
  walletServer,
} from './support.js';

/**
 * The member's own settings on a phone: the profile, whose locale the wallet's language follows; a
 * second passkey on a new phone and the old one removed; an inbox longer than one page.
 */
let server: WalletServer;
let browser: IsolatedBrowser;
beforeAll(async () => {
  // A cap high enough for a partner to fill more than one page of the inbox.
  server = await walletServer({ CONTACT_CAP_WEEKLY: '40' });
  browser = await phone(server, { locale: 'en-GB' });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const expectClean = (tab: WalletPage) => {
  expect(tab.violations).toEqual([]);
  expect(tab.errors).toEqual([]);
  expect(browser.foreignRequests).toEqual([]);
};

async function signedInMember() {
  const partner = await shop(server);
  const member = await enrolWithClaim(server.app, partner);
  const tab = await walletPage(browser, server);
  await claimInBrowser(tab, member.claim.url);
  return { partner, member, tab, token: await server.app.memberToken(member.id) };
}

describe('the profile in the wallet', { timeout: 300_000 }, () => {
  test('a refused change changes nothing; a saved locale switches the wallet to Italian', async () => {
    const { tab, token } = await signedInMember();
    const { page } = tab;
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { name: 'About you' }).waitFor();
    await expectAccessible(page, 'profile');

    const before = (await server.app.request('GET', '/v1/me/profile', { token })).body;
    await page.getByLabel('Name', { exact: true }).fill('Giulia');
    await page.getByLabel(/^Phone/).fill('12345');
    await page.getByRole('button', { name: 'Save my profile' }).click();
    await page.getByRole('alert').getByText('Please check what you typed.').waitFor();
    expect((await server.app.request('GET', '/v1/me/profile', { token })).body).toEqual(before);

    await page.getByLabel(/^Phone/).fill('+393331234567');
    await page.getByLabel(/^Home country/).fill('it');
    await page.getByLabel('Language').selectOption('it');
    await page.getByRole('button', { name: 'Save my profile' }).click();
    await page.getByRole('heading', { name: 'Profilo', level: 1 }).waitFor();
    await page.getByText('Profilo salvato.').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('it');
    expect((await server.app.request('GET', '/v1/me/profile', { token })).body).toMatchObject({
      displayName: 'Giulia',
      phone: '+393331234567',
      homeCountry: 'IT',
      locale: 'it',
    });
    await expectAccessible(page, 'profile in Italian');
    await page.screenshot({ path: 'docs/screenshots/wallet-profile-it.png' });

    // The locale is the profile's, not the browser's: a new start of the wallet speaks Italian.
    await page.reload();
    await page.getByRole('heading', { name: 'Profilo', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Saldo' }).waitFor();
    expect(await page.getByLabel('Lingua').inputValue()).toBe('it');
    expectClean(tab);
  });

  test('a second passkey on a new phone, the old one removed, and a sign-in with the new one', async () => {
    const { tab, token } = await signedInMember();
    const { page } = tab;
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page.getByText('No passkey yet: you signed in with a claim code.').waitFor();
    await page.getByLabel('Name of the new passkey').fill('Old phone');
    await page.getByRole('button', { name: 'Add a passkey on this device' }).click();
    await page.getByText('Passkey added.').waitFor();
    await page.getByText('Old phone').waitFor();

    // The last passkey cannot be removed.
    await page.getByRole('button', { name: 'Remove: Old phone' }).click();
    await page.getByText('This is your last passkey: add another one before removing it.').waitFor();
    const passkeys = async () =>
      (await server.app.request('GET', '/v1/me/passkeys', { token })).body.data.map(
        (passkey: { name: string }) => passkey.name,
      );
    expect(await passkeys()).toEqual(['Old phone']);

    // The member's new phone: a new authenticator, a second passkey on it, the old one removed.
    await tab.newDevice();
    await page.getByLabel('Name of the new passkey').fill('New phone');
    await page.getByRole('button', { name: 'Add a passkey on this device' }).click();
    await page.getByText('Passkey added.').waitFor();
    await page.getByRole('button', { name: 'Remove: New phone' }).waitFor();
    expect(await passkeys()).toEqual(['Old phone', 'New phone']);
    await expectAccessible(page, 'passkeys');
    await page.getByRole('button', { name: 'Remove: Old phone' }).click();
    await page.getByText('Old phone removed: it no longer signs you in.').waitFor();
    expect(await passkeys()).toEqual(['New phone']);
    await page.getByRole('button', { name: 'Remove: New phone' }).waitFor();
    await page.screenshot({ path: 'docs/screenshots/wallet-passkeys.png' });

    // The new phone signs the member in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByTestId('unified-balance').waitFor();
    expectClean(tab);
  });

  test('an inbox longer than one page shows the older messages on demand', async () => {
    const { partner, member, tab, token } = await signedInMember();
    const { page } = tab;
    const consent = await server.app.request('PUT', `/v1/me/consents/${partner.partner.id}`, {
      token,
      body: { profile: false, tier: false, balance: false, messages: true },
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(200);
    const sent = 25;
    for (let number = 1; number <= sent; number++) {
      const response = await server.app.request('POST', '/v1/messages', {
        token: await partner.token(),
        idempotencyKey: newKey('message'),
        body: {
          memberId: member.id,
          topic: 'news',
          title: `News ${number}`,
          body: `Letter number ${number}.`,
        },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
    const inbox = await server.app.request('GET', '/v1/me/inbox?limit=100', { token });
    expect(inbox.body.data.length).toBeGreaterThanOrEqual(sent);

    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('Letter number 25.').waitFor();
    expect(await page.getByText('Letter number 1.', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Older messages' }).click();
    await page.getByText('Letter number 1.', { exact: true }).waitFor();
    expect(await page.locator('ul.inbox > li').count()).toBe(inbox.body.data.length);
    expect(await page.getByRole('button', { name: 'Older messages' }).count()).toBe(0);
    await expectAccessible(page, 'inbox, two pages');
    expectClean(tab);
  });
});

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { newKey } from '../../support/coalition.js';
import { enrolWithClaim } from '../../support/members.js';
import {
  claimInBrowser,
  expectAccessible,
  PAGE_TIMEOUT_MS,
  phone,
  shop,
  type WalletServer,
  walletPage,
  walletServer,
} from './support.js';

/**
 * Privacy in the wallet on a phone: the member lets a partner write, reads its message in the
 * inbox, downloads their data and erases the wallet, after which it no longer opens.
 */
let server: WalletServer;
let browser: IsolatedBrowser;
beforeAll(async () => {
  server = await walletServer();
  browser = await phone(server);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('privacy in the wallet', { timeout: 300_000 }, () => {
  test('consent to messages, a message in the inbox marked read, export, erase', async () => {
    const bottega = await shop(server);
    const member = await enrolWithClaim(server.app, bottega);
    await bottega.earn({ memberId: member.id, amount: { amount: '120.00', currency: 'EUR' } });
    const tab = await walletPage(browser, server);
    const { page } = tab;
    await claimInBrowser(tab, member.claim.url);

    // The member lets the shop write to them.
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    await page.getByRole('heading', { name: 'Privacy', level: 1 }).waitFor();
    const messages = page.getByRole('switch', { name: 'Message me: Bottega Roma' });
    await messages.waitFor();
    expect(await messages.isChecked()).toBe(false);
    await expectAccessible(page, 'privacy');
    await messages.check();
    await page.getByText('Saved.').waitFor();
    const token = await server.app.memberToken(member.id);
    await expect
      .poll(async () => (await server.app.request('GET', '/v1/me/consents', { token })).body.data)
      .toEqual([
        expect.objectContaining({
          partnerId: bottega.partner.id,
          scopes: expect.objectContaining({ messages: true }),
        }),
      ]);

    // A lower cap and quiet hours.
    await page.getByLabel(/At most this many messages a week/).fill('3');
    await page.getByLabel('From', { exact: true }).fill('22:00');
    await page.getByLabel('Until', { exact: true }).fill('07:00');
    await page.getByRole('button', { name: 'Save message settings' }).click();
    await page
      .locator('#contact-title ~ form [role="status"], #contact-title ~ form [role="alert"]')
      .waitFor();
    expect(
      await page.locator('#contact-title ~ form [role="alert"]').count(),
      (await page.locator('#contact-title ~ form').textContent()) ?? '',
    ).toBe(0);
    await expect
      .poll(async () => (await server.app.request('GET', '/v1/me/contact-settings', { token })).body)
      .toMatchObject({ weeklyCap: 3, quietHours: { from: '22:00', until: '07:00' } });

    // The shop writes; the message reaches the inbox, and the member marks it read.
    const sent = await server.app.request('POST', '/v1/messages', {
      token: await bottega.token(),
      idempotencyKey: newKey('message'),
      body: { memberId: member.id, topic: 'news', title: 'Open on Sunday', body: 'We are open this Sunday.' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByText('We are open this Sunday.').waitFor({ timeout: PAGE_TIMEOUT_MS });
    await expectAccessible(page, 'inbox');
    await page.getByRole('button', { name: 'Mark as read: Open on Sunday' }).click();
    await page.getByText('Read', { exact: false }).first().waitFor();
    await expect
      .poll(async () => (await server.app.request('GET', '/v1/me/inbox', { token })).body.data[0].readAt)
      .not.toBeNull();
    await expect.poll(() => page.getByRole('button', { name: /Mark as read/ }).count()).toBe(0);

    // The download is the member's data as JSON.
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const exported = JSON.parse(await readFile((await download.path()) ?? '', 'utf8'));
    expect(exported.memberId).toBe(member.id);

    // Erasing asks for a confirmation first, then the wallet no longer opens.
    const erase = page.getByRole('button', { name: 'Erase for ever' });
    expect(await erase.isDisabled()).toBe(true);
    await page.getByText(/irreversible/).waitFor();
    await page.getByLabel('I give them up').focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel('I give them up').isChecked()).toBe(true);
    await page.getByLabel('I understand that this cannot be undone').focus();
    await page.keyboard.press('Space');
    expect(await erase.isDisabled()).toBe(false);
    await erase.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    await page.goto(`${server.origin}/wallet/`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    expect(await page.getByTestId('unified-balance').count()).toBe(0);
    const after = await server.app.request('GET', '/v1/me', {
      token: await server.app.memberToken(member.id),
    });
    expect(after.status).toBeGreaterThanOrEqual(400);

    expect(tab.violations).toEqual([]);
    expect(tab.errors).toEqual([]);
    expect(browser.foreignRequests).toEqual([]);
  });
});

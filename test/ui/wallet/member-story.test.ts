import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { newKey } from '../../support/coalition.js';
import { enrolWithClaim } from '../../support/members.js';
import {
  expectAccessible,
  PAGE_TIMEOUT_MS,
  phone,
  shop,
  type WalletPage,
  type WalletServer,
  walletPage,
  walletServer,
} from './support.js';

/**
 * The member's story in the wallet on a phone, in real headless Chromium: claim from the link on
 * a receipt, a passkey, an earn that shows without reloading, a household with a second member who
 * joins from another browser, and a pay code that a partner redeems. Every page passes axe and
 * runs without a single Content-Security-Policy violation.
 */
let server: WalletServer;
let first: IsolatedBrowser;
let second: IsolatedBrowser;
beforeAll(async () => {
  server = await walletServer();
  first = await phone(server);
  second = await phone(server);
}, 180_000);
afterAll(async () => {
  await first?.close();
  await second?.close();
  await server?.close();
});

function expectClean(tab: WalletPage, browser: IsolatedBrowser) {
  expect(tab.violations).toEqual([]);
  expect(tab.errors).toEqual([]);
  expect(browser.foreignRequests).toEqual([]);
}

describe('the member wallet on a phone', { timeout: 300_000 }, () => {
  test('claim, passkey, live balance, household: invite, join, pledge, limit, leave; pay code', async () => {
    const bottega = await shop(server);
    const anna = await enrolWithClaim(server.app, bottega, { externalReference: 'CARD-ANNA' });
    const tab = await walletPage(first, server);
    const { page } = tab;

    // The claim link of the receipt opens the claim page with its code already in the field.
    expect(anna.claim.url.startsWith(`${server.origin}/claim#code=`)).toBe(true);
    await page.goto(anna.claim.url);
    await expect
      .poll(() => page.url())
      .toBe(`${server.origin}/wallet/claim#code=${anna.claim.url.split('=')[1]}`);
    const field = page.getByLabel('Claim code');
    await field.waitFor();
    expect((await field.inputValue()).replace(/-/g, '')).toBe(anna.claim.url.split('=')[1]);
    await expectAccessible(page, 'claim');
    await page.getByRole('button', { name: 'Claim' }).click();

    await page.getByRole('heading', { name: 'Create a passkey' }).waitFor();
    await expectAccessible(page, 'passkey');
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await page.getByRole('heading', { name: 'Your balance' }).waitFor();
    const passkeys = await server.app.request('GET', '/v1/me/passkeys', {
      token: await server.app.memberToken(anna.id),
    });
    expect(passkeys.body.data).toHaveLength(1);
    const balance = page.getByTestId('unified-balance');
    await expect.poll(() => balance.textContent()).toBe('0');
    await expectAccessible(page, 'home');

    // An earn at the partner, through the API: the page shows it without being reloaded.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const earned = await bottega.earn({ memberId: anna.id, amount: { amount: '1234.00', currency: 'EUR' } });
    expect(earned.status).toBe(201);
    await expect.poll(() => balance.textContent(), { timeout: PAGE_TIMEOUT_MS }).toBe('1,234');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );

    // Activity at every partner, with filters.
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    await expect.poll(() => page.locator('ul.activity li').count()).toBe(1);
    await page.getByLabel('Country').selectOption('IT');
    expect(await page.locator('ul.activity li').count()).toBe(1);
    expect(await page.locator('ul.activity li').first().textContent()).toContain('Bottega Roma');
    await expectAccessible(page, 'activity');

    // Sign out, then in again with the passkey.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Your balance' }).waitFor();
    await expect.poll(() => balance.textContent()).toBe('1,234');

    // A household, and an invite link to share.
    await page.getByRole('link', { name: 'Pools' }).click();
    await expectAccessible(page, 'pools');
    await page.getByLabel('Name').fill('The Rossis');
    await page.getByRole('button', { name: 'Create a pool' }).click();
    await page.getByRole('heading', { name: 'The Rossis' }).waitFor();
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const inviteLink = await page.getByLabel('Share this link').inputValue();
    expect(inviteLink.startsWith(`${server.origin}/wallet/join#code=`)).toBe(true);
    await expectAccessible(page, 'pool');

    // Marco claims his own wallet in another browser and joins with the link.
    const marco = await enrolWithClaim(server.app, bottega, { externalReference: 'CARD-MARCO' });
    await bottega.earn({ memberId: marco.id, amount: { amount: '200.00', currency: 'EUR' } });
    const marcoTab = await walletPage(second, server);
    await marcoTab.page.goto(marco.claim.url);
    await marcoTab.page.getByRole('button', { name: 'Claim' }).click();
    await marcoTab.page.getByRole('link', { name: 'Later' }).click();
    await marcoTab.page.goto(inviteLink);
    await expect.poll(() => marcoTab.page.getByLabel('Invite code').inputValue()).not.toBe('');
    await marcoTab.page.getByRole('button', { name: 'Join' }).click();
    await marcoTab.page.getByRole('heading', { name: 'The Rossis' }).waitFor();
    await expect.poll(() => marcoTab.page.locator('ul.members li').count()).toBe(2);

    // Anna's wallet sees the pool grow by itself (the events feed), and her unified balance with it.
    await expect.poll(() => page.locator('ul.members li').count(), { timeout: PAGE_TIMEOUT_MS }).toBe(2);
    await page.screenshot({ path: 'docs/screenshots/wallet-household.png' });
    await page.getByRole('link', { name: 'Balance' }).click();
    await expect.poll(() => balance.textContent(), { timeout: PAGE_TIMEOUT_MS }).toBe('1,434');

    // Marco caps his pledge; Anna, the owner, sets his monthly limit; the pool shows both.
    await marcoTab.page.getByLabel('Up to a number of points').check();
    await marcoTab.page.getByLabel('Points', { exact: true }).fill('100');
    await marcoTab.page.getByRole('button', { name: 'Save my pledge' }).click();
    await expect.poll(() => marcoTab.page.getByTestId('pool-total').textContent()).toContain('1,334');
    await page.getByRole('link', { name: 'Pools' }).click();
    await page.getByRole('link', { name: 'The Rossis' }).click();
    const marcoRow = page.locator('ul.members li', { hasText: marco.id });
    await expect
      .poll(() => marcoRow.textContent(), { timeout: PAGE_TIMEOUT_MS })
      .toContain('pledges up to 100');
    await marcoRow.getByLabel('Monthly limit').fill('50');
    await marcoRow.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const pool = await server.app.request('GET', `/v1/pools/${page.url().split('/').pop()}`, {
      token: await server.app.memberToken(anna.id),
    });
    expect(
      pool.body.members.find((member: { memberId: string }) => member.memberId === marco.id),
    ).toMatchObject({
      monthlyLimitPoints: 50,
      pledge: { type: 'cap', capPoints: 100 },
    });
    await page.getByRole('link', { name: 'Balance' }).click();
    await expect.poll(() => balance.textContent(), { timeout: PAGE_TIMEOUT_MS }).toBe('1,334');

    // Marco leaves; Anna's pool shrinks back to her own wallet, by itself.
    await marcoTab.page.getByRole('button', { name: 'Leave this pool' }).click();
    await marcoTab.page.getByText('You are not in a pool yet.').waitFor();
    await expect.poll(() => balance.textContent(), { timeout: PAGE_TIMEOUT_MS }).toBe('1,234');

    // A pay code, shown as text and QR with its countdown, redeemed by the partner's till.
    await page.clock.setSystemTime(server.app.clock.nowMs);
    await page.getByRole('link', { name: 'Card' }).click();
    await page.getByRole('img', { name: /QR code of your member number/ }).waitFor();
    await page.getByRole('button', { name: 'Make a pay code' }).click();
    const codeText = page.getByTestId('pay-code');
    await codeText.waitFor();
    const payCode = ((await codeText.textContent()) ?? '').replace('Pay code', '').trim();
    await page.getByRole('img', { name: `QR code of your pay code ${payCode}` }).waitFor();
    await expectAccessible(page, 'card');
    await codeText.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/wallet-pay-code.png' });
    const redeemed = await bottega.redeem({ memberId: anna.id, points: 300, payCode }, newKey('till'));
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    const again = await bottega.redeem({ memberId: anna.id, points: 300, payCode }, newKey('till'));
    expect(again.status).toBe(410);
    await page.getByRole('link', { name: 'Balance' }).click();
    await expect.poll(() => balance.textContent(), { timeout: PAGE_TIMEOUT_MS }).toBe('934');

    expectClean(tab, first);
    expectClean(marcoTab, second);
  });

  test('the pay code counts down and ends when its two minutes are over', async () => {
    const bottega = await shop(server, 'Farmacia Milano');
    const giulia = await enrolWithClaim(server.app, bottega);
    const tab = await walletPage(first, server);
    const { page } = tab;
    await page.goto(giulia.claim.url);
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('link', { name: 'Later' }).click();
    await page.getByRole('link', { name: 'Card' }).click();
    await page.clock.setSystemTime(server.app.clock.nowMs);
    await page.getByRole('button', { name: 'Make a pay code' }).click();
    await page.getByTestId('countdown').waitFor();
    const expiresAt = Date.parse(
      (await page.locator('[data-testid="countdown"] time').getAttribute('datetime')) ?? '',
    );
    expect(expiresAt).toBe(server.app.clock.nowMs + server.app.config.members.payCodeTtlSeconds * 1000);

    await page.clock.pauseAt(expiresAt - 30_000);
    await expect.poll(() => page.getByTestId('countdown').textContent()).toBe('Expires in 0:30');
    await page.clock.fastForward(31_000);
    await page.getByText('This pay code has expired.').waitFor();
    await page.clock.resume();
    expectClean(tab, first);
  });
});

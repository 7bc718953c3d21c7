import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reviewDueStatuses } from '../../../src/status/sweep.js';
import { publishTiers } from '../../status/fixtures.js';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { publishRates } from '../../support/coalition.js';
import { enrolWithClaim } from '../../support/members.js';
import {
  claimInBrowser,
  expectAccessible,
  phone,
  shop,
  type WalletServer,
  walletPage,
  walletServer,
} from './support.js';

/**
 * The gift of gratitude on a phone: a member 50 qualifying credits short of Gold when the year
 * ends is given them by the network, and the Status page says so, in the network's words.
 */
const YEAR_END = Date.parse('2027-01-01T00:17:00Z');
const DAY_MS = 86_400_000;

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

describe('the gap gift in the wallet', { timeout: 300_000 }, () => {
  test('the Status page shows the last 50 the network gave, and Gold', async () => {
    server.app.clock.nowMs = YEAR_END - 2 * DAY_MS;
    await publishRates(server.app);
    await publishTiers(server.app);
    const bistro = await shop(server, 'Bistro Lumière');
    const member = await enrolWithClaim(server.app, bistro);
    const earned = await bistro.earn({ memberId: member.id, amount: { amount: '2950.00', currency: 'EUR' } });
    expect(earned.status, JSON.stringify(earned.body)).toBe(201);
    const tab = await walletPage(browser, server);
    const { page } = tab;
    await claimInBrowser(tab, member.claim.url);

    // The year ends 50 credits short of Gold: the review gives them.
    server.app.clock.nowMs = YEAR_END;
    await reviewDueStatuses(server.app.deps);
    const gifts = await server.app.request('GET', '/v1/me/status/gifts', {
      token: await server.app.memberToken(member.id),
    });
    expect(gifts.body.data).toEqual([expect.objectContaining({ tier: 'gold', credits: 50 })]);

    await page.getByRole('link', { name: 'Status' }).click();
    await page.getByRole('heading', { name: 'A gift from the coalition' }).waitFor();
    await page.getByText('We added the last 50 — welcome to Gold').waitFor();
    await page.getByText('The network gave you the last 50 qualifying credits and 50 points.').waitFor();
    await page.getByRole('heading', { name: 'Gold', level: 2 }).waitFor();
    // A new window has begun with no credits in it: the bar is towards keeping Gold, not towards Silver.
    await page.getByText('Progress to keep Gold').waitFor();
    await expectAccessible(page, 'status with a gap gift');
    await page.screenshot({ path: 'docs/screenshots/wallet-status-gift.png' });
    expect(tab.violations).toEqual([]);
    expect(tab.errors).toEqual([]);
    expect(browser.foreignRequests).toEqual([]);
  });
});

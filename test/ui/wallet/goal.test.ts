import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { approvedItem } from '../../catalogue/fixtures.js';
import { publishTiers } from '../../status/fixtures.js';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { expectLedgerInvariants } from '../../support/coalition.js';
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
 * Saving for a catalogue reward on a phone: the member saves an item from Rewards and sees the
 * points still missing; an earn that brings them within GOAL_GIFT_MAX_POINTS (50) of its price,
 * with gap gifts at any earn, makes the network give the rest, and the open page shows the gift and
 * the goal reached without being reloaded; then the member reserves it. The Balance page links to
 * the goal.
 */
const TITLE = 'Cooking class at the ryokan';
const PRICE = 2400;

let server: WalletServer;
let browser: IsolatedBrowser;
beforeAll(async () => {
  server = await walletServer({ GAP_GIFT_AT: 'any_earn' });
  browser = await phone(server);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a goal in the wallet', { timeout: 300_000 }, () => {
  test('the member saves for an item, the network gives the last 45 points, the member reserves it', async () => {
    await publishTiers(server.app);
    const bistro = await shop(server, 'Bistro Lumière');
    const item = await approvedItem(server.app, bistro, { title: TITLE, pointsPrice: PRICE });
    const member = await enrolWithClaim(server.app, bistro);
    const token = async () => server.app.memberToken(member.id);
    const earned = await bistro.earn({ memberId: member.id, amount: { amount: '2300.00', currency: 'EUR' } });
    expect(earned.status, JSON.stringify(earned.body)).toBe(201);
    const tab = await walletPage(browser, server);
    const { page } = tab;
    await claimInBrowser(tab, member.claim.url);

    await page.getByRole('link', { name: 'Rewards' }).click();
    await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
    expect(await page.getByTestId('goal').count()).toBe(0);
    await page.getByRole('button', { name: 'Save for this' }).click();
    const goal = page.getByTestId('goal');
    await goal.getByText('100 points to go').waitFor();
    await goal.getByText('2,300 of 2,400 points').waitFor();
    await page.getByText('Saving for this', { exact: true }).waitFor();
    const saved = await server.app.request('GET', '/v1/me/goal', { token: await token() });
    expect(saved.body).toMatchObject({ itemId: item.id, pointsPrice: PRICE, pointsToGo: 100, gift: null });
    expect(await page.locator('#goal-progress').getAttribute('value')).toBe('2300');
    await expectAccessible(page, 'rewards with a goal');

    // The Balance page links to the goal with the points still missing.
    await page.getByRole('link', { name: 'Balance' }).click();
    const toGoal = page.getByRole('link', { name: `Saving for ${TITLE}: 100 points to go` });
    await toGoal.waitFor();
    await expectAccessible(page, 'balance with a goal');
    await toGoal.click();
    await page.getByRole('heading', { name: 'Saving for' }).waitFor();

    // Silver now: an earn of 50 euros brings 55 points and leaves the member 45 short. The network
    // gives them, and the open page shows it without being reloaded.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const near = await bistro.earn({ memberId: member.id, amount: { amount: '50.00', currency: 'EUR' } });
    expect(near.status, JSON.stringify(near.body)).toBe(201);
    const gifted = await server.app.request('GET', '/v1/me/goal', { token: await token() });
    expect(gifted.body).toMatchObject({ pointsToGo: 0, gift: { points: 45 } });
    await goal
      .getByText(`We added the last 45 points — ${TITLE} is yours to book.`)
      .waitFor({ timeout: PAGE_TIMEOUT_MS });
    await goal.getByText('You have the points: reserve it when you like.').waitFor();
    await goal.getByText('2,400 of 2,400 points').waitFor();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await expectAccessible(page, 'rewards with a goal reached');
    await page.screenshot({ path: 'docs/screenshots/wallet-goal.png' });

    await goal.getByRole('button', { name: 'Reserve it' }).click();
    await goal.getByText('Reserved: it is in your reservations below.').waitFor();
    const reservations = await server.app.request('GET', '/v1/reservations', { token: await token() });
    expect(reservations.body.data).toEqual([
      expect.objectContaining({ itemId: item.id, points: PRICE, status: 'reserved' }),
    ]);
    const me = await server.app.request('GET', '/v1/me', { token: await token() });
    expect(me.body.available).toBe(0);

    // Done: the goal is forgotten.
    await goal.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Save for this' }).waitFor();
    expect(await page.getByTestId('goal').count()).toBe(0);
    const forgotten = await server.app.request('GET', '/v1/me/goal', { token: await token() });
    expect(forgotten.status).toBe(404);
    await expectLedgerInvariants(server.app);
    expect(tab.violations).toEqual([]);
    expect(tab.errors).toEqual([]);
    expect(browser.foreignRequests).toEqual([]);
  });
});

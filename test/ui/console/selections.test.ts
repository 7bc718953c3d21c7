import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  approvedItem,
  catalogueCoalition,
  DAY_MS,
  memberWithPoints,
  reserve,
} from '../../catalogue/fixtures.js';
import { publishTiers } from '../../status/fixtures.js';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { invite } from '../../support/staff.js';
import { consoleBrowser, expectAccessible, ORIGIN, openConsole, showsText, visible } from './browser.js';

let app: TestApp;
let browser: IsolatedBrowser;
beforeAll(async () => {
  app = await TestApp.create({ environment: { WALLET_ORIGINS: ORIGIN } });
  browser = await consoleBrowser(app);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A `datetime-local` value: the moment in the local time zone, which the browser shares with the test. */
function localInput(ms: number): string {
  const at = new Date(ms);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
}

describe('the yearly choice and gift cards in the operator console', { timeout: 300_000 }, () => {
  test('an admin opens a yearly choice for a cohort, cannot close it before its window ends, closes it after, and reads the gift card liability it left', async () => {
    const { shop, hotel } = await catalogueCoalition(app);
    const run = await approvedItem(app, shop, { pointsPrice: 3000 });
    const inBerlin = await memberWithPoints(shop, 3000);
    const inSanDiego = await memberWithPoints(hotel, 2000);
    const chooser = await memberWithPoints(shop, 5000);
    await memberWithPoints(shop, 500);
    // The cohort is taken at a moment that has passed: an hour after these earns.
    app.clock.advance(2 * 3_600_000);

    const invitation = await invite(app, { role: 'admin', name: 'Ada Lovelace' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Ada Lovelace · admin'));

    await page.getByRole('link', { name: 'Yearly choice' }).click();
    await page.getByLabel('Name members see').fill('Experiences 2027');
    await page.getByLabel('At least points').fill('1000');
    await page.getByLabel('Held on').fill(localInput(app.clock.nowMs - 3_600_000));
    await page.getByLabel('Choices end').fill(localInput(app.clock.nowMs + 7 * DAY_MS));
    await page.getByRole('button', { name: 'Open the yearly choice' }).click();
    await showsText(page.getByRole('status'), 'Opened “Experiences 2027” for 3 members');
    const listed = await app.request('GET', '/v1/selections', { token: await app.operatorToken() });
    expect(listed.body.data).toHaveLength(1);
    const selection = listed.body.data[0];
    expect(selection).toMatchObject({
      name: 'Experiences 2027',
      cohort: { type: 'points', minPoints: 1000 },
      giftCardShare: '1',
      status: 'open',
      members: { total: 3, undecided: 3 },
    });
    await expectAccessible(page, 'yearly choice');

    // The window has not ended: the API refuses the close and nothing changes.
    await page.getByRole('button', { name: 'Close Experiences 2027' }).click();
    await showsText(page.getByRole('alert'), 'selection_still_open');
    const stillOpen = await app.request('GET', `/v1/selections/${selection.id}`, {
      token: await app.operatorToken(),
    });
    expect(stillOpen.body).toEqual(selection);

    expect((await reserve(app, chooser, { itemId: run.id, selectionId: selection.id })).status).toBe(201);
    app.clock.advance(8 * DAY_MS);
    await publishRates(app);
    // Eight days on, the staff session (12 hours at most) has ended: Ada signs in again.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await visible(page.getByText('Ada Lovelace · admin'));
    await page.getByRole('button', { name: 'Close Experiences 2027' }).click();
    await showsText(page.getByRole('status'), 'Closed “Experiences 2027”: 1 chose, 2 received a gift card');
    await showsText(page.getByTestId(`gift-cards-${selection.id}`), '2');
    const closed = await app.request('GET', `/v1/selections/${selection.id}`, {
      token: await app.operatorToken(),
    });
    expect(closed.body).toMatchObject({
      status: 'closed',
      members: { total: 3, undecided: 0, chose: 1, giftCard: 2, nothing: 0 },
    });
    await expectAccessible(page, 'yearly choice closed');
    await page.screenshot({ path: 'docs/screenshots/console-selections.png', fullPage: true });

    // The gift cards the close issued: 3,000 points in euros, 2,000 in dollars, all outstanding.
    const cards = async (memberId: string) =>
      (await app.request('GET', '/v1/me/gift-cards', { token: await app.memberToken(memberId) })).body.data;
    expect(await cards(inBerlin)).toHaveLength(1);
    expect(await cards(inSanDiego)).toHaveLength(1);
    const liability = await app.request('GET', '/v1/gift-cards/liability', {
      token: await app.operatorToken(),
    });
    const outstanding = (currency: string) =>
      liability.body.currencies.find((row: { currency: string }) => row.currency === currency).outstanding;
    expect(outstanding('EUR')).toEqual({ amount: '30.00', currency: 'EUR' });
    expect(outstanding('USD')).toEqual({ amount: '21.70', currency: 'USD' });

    await page.getByRole('link', { name: 'Gift cards' }).click();
    await showsText(page.getByTestId('outstanding-EUR'), '30.00 EUR');
    await showsText(page.getByTestId('outstanding-USD'), '21.70 USD');
    await showsText(page.getByTestId('liability-total'), liability.body.outstandingReference.amount.amount);
    await expectAccessible(page, 'gift cards');
    await page.screenshot({ path: 'docs/screenshots/console-gift-cards.png', fullPage: true });

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('an admin opens a yearly choice for the members holding a tier', async () => {
    const { shop } = await catalogueCoalition(app);
    await publishTiers(app);
    // 1,500 qualifying credits: Silver.
    const member = await memberWithPoints(shop, 1500);
    const status = await app.request('GET', `/v1/members/${member}/status`, {
      token: await app.operatorToken(),
    });
    expect(status.body.tier.code).toBe('silver');

    const invitation = await invite(app, { role: 'admin', name: 'Grace Hopper' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Grace Hopper · admin'));
    await page.getByRole('link', { name: 'Yearly choice' }).click();
    await page.getByLabel('Name members see').fill('Silver evenings');
    await page.getByLabel('Cohort').selectOption('tier');
    await page.getByRole('group', { name: 'Tiers (any of them)' }).getByLabel('Silver').check();
    await page.getByLabel('Choices end').fill(localInput(app.clock.nowMs + 7 * DAY_MS));
    await page.getByRole('button', { name: 'Open the yearly choice' }).click();
    await showsText(page.getByRole('status'), 'Opened “Silver evenings” for');
    const listed = await app.request('GET', '/v1/selections', { token: await app.operatorToken() });
    const opened = listed.body.data[0];
    expect(opened).toMatchObject({
      name: 'Silver evenings',
      cohort: { type: 'tier', tiers: ['silver'], minPoints: null, asOf: null },
      status: 'open',
    });
    await showsText(page.getByRole('status'), `for ${opened.members.total} members`);
    const invited = await app.request('GET', '/v1/selections', { token: await app.memberToken(member) });
    expect(invited.body.data.map((selection: { id: string }) => selection.id)).toContain(opened.id);
    await expectAccessible(page, 'yearly choice by tier');

    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

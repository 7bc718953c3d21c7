import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { approvedItem, closeSelectionNow, DAY_MS, openSelection } from '../../catalogue/fixtures.js';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { publishRates } from '../../support/coalition.js';
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
 * The yearly choice on a phone: two members of a cohort are invited; one chooses a guided run in
 * the wallet, the other chooses nothing; the operator closes the choice, and the second finds a gift
 * card worth their points in the wallet and reveals a code that a partner's till accepts.
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

const expectClean = (tab: WalletPage, browser: IsolatedBrowser) => {
  expect(tab.violations).toEqual([]);
  expect(tab.errors).toEqual([]);
  expect(browser.foreignRequests).toEqual([]);
};

describe('the yearly choice in the wallet', { timeout: 300_000 }, () => {
  test('one member chooses a guided run, the other receives a gift card and reveals its code', async () => {
    const outfitters = await shop(server, 'Alpine Outfitters');
    const now = server.app.clock.nowMs;
    const window = {
      availableFrom: new Date(now - DAY_MS).toISOString(),
      availableUntil: new Date(now + 60 * DAY_MS).toISOString(),
    };
    const run = await approvedItem(server.app, outfitters, {
      ...window,
      title: 'Guided trail run',
      pointsPrice: 3000,
    });
    await approvedItem(server.app, outfitters, {
      ...window,
      title: 'Ski weekend with a guide',
      description: 'Two days on the Ortler with a mountain guide.',
      place: 'Solda, IT',
      pointsPrice: 9000,
    });
    const chooser = await enrolWithClaim(server.app, outfitters);
    const giver = await enrolWithClaim(server.app, outfitters);
    await outfitters.earn({ memberId: chooser.id, amount: { amount: '3200.00', currency: 'EUR' } });
    await outfitters.earn({ memberId: giver.id, amount: { amount: '2400.00', currency: 'EUR' } });
    const selection = await openSelection(server.app, { name: 'Experiences 2027' });
    expect(selection.members.total).toBe(2);

    // The invitation reaches the inbox; the choice is one tap away from Rewards.
    const tab = await walletPage(first, server);
    const { page } = tab;
    await claimInBrowser(tab, chooser.claim.url);
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('Choose your experience: Experiences 2027').waitFor();
    await page.getByRole('link', { name: 'Rewards' }).click();
    await page.getByRole('link', { name: 'Your yearly choice: Experiences 2027' }).click();
    await page.getByRole('heading', { name: 'Experiences 2027', level: 2 }).waitFor();
    await page.getByText(/Choose one experience before/).waitFor();
    const ski = page.getByRole('button', { name: 'Choose for 9,000 points: Ski weekend with a guide' });
    expect(await ski.isDisabled()).toBe(true);
    await page.getByText('5,800 points more than your wallet holds').waitFor();
    await expectAccessible(page, 'yearly choice, open');
    await page.screenshot({ path: 'docs/screenshots/wallet-yearly-choice.png' });
    await page.getByRole('button', { name: 'Choose for 3,000 points: Guided trail run' }).click();
    await page.getByText('You chose Guided trail run (3,000 points).').waitFor();
    const chooserToken = await server.app.memberToken(chooser.id);
    const reservations = await server.app.request('GET', '/v1/reservations', { token: chooserToken });
    expect(reservations.body.data).toEqual([
      expect.objectContaining({
        itemId: run.id,
        selectionId: selection.id,
        status: 'reserved',
        points: 3000,
      }),
    ]);
    expect(await page.getByRole('button', { name: /^Choose / }).count()).toBe(0);
    expectClean(tab, first);

    // The operator closes the choice after its end.
    server.app.clock.advance(8 * DAY_MS);
    await publishRates(server.app);
    const closed = await closeSelectionNow(server.app, selection.id);
    expect(closed.body).toMatchObject({ status: 'closed', members: { chose: 1, giftCard: 1 } });

    // The member who chose nothing finds the gift card, worth their 2,400 points in euros.
    const giverTab = await walletPage(second, server);
    await claimInBrowser(giverTab, giver.claim.url);
    const giverToken = await server.app.memberToken(giver.id);
    const cards = await server.app.request('GET', '/v1/me/gift-cards', { token: giverToken });
    expect(cards.body.data).toHaveLength(1);
    const card = cards.body.data[0];
    expect(card).toMatchObject({ selectionId: selection.id, points: 2400, balance: { currency: 'EUR' } });
    await giverTab.page.getByRole('link', { name: 'Rewards' }).click();
    await giverTab.page.getByRole('link', { name: 'Your yearly choice: Experiences 2027' }).click();
    await giverTab.page
      .getByText('You chose no experience: your 2,400 points became a gift card, money at every partner.')
      .waitFor();
    const value = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(
      Number(card.balance.amount),
    );
    await giverTab.page.getByText(`${value} left of ${value}`).waitFor();
    await giverTab.page.getByRole('button', { name: 'Show the code: Gift card' }).click();
    const shown = giverTab.page.locator('.gift-code');
    await shown.waitFor();
    const code = (await shown.textContent()) ?? '';
    await expectAccessible(giverTab.page, 'yearly choice, gift card');
    await giverTab.page.screenshot({ path: 'docs/screenshots/wallet-gift-card.png' });

    // The code the page showed is the card's: a partner's till reads its balance with it.
    const balance = await server.app.request('POST', '/v1/gift-cards/balance', {
      token: await outfitters.token(),
      body: { code },
    });
    expect(balance.status, JSON.stringify(balance.body)).toBe(200);
    expect(balance.body).toMatchObject({ id: card.id, balance: card.balance });
    expectClean(giverTab, second);
  });
});

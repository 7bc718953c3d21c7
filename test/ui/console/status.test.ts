import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { approvedItem } from '../../catalogue/fixtures.js';
import { publishTiers } from '../../status/fixtures.js';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { partnerClient, publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { invite } from '../../support/staff.js';
import { consoleBrowser, expectAccessible, ORIGIN, openConsole, showsText, visible } from './browser.js';

let app: TestApp;
let browser: IsolatedBrowser;
beforeAll(async () => {
  // Gap gifts at any earn, so that gratitude has a cost without waiting for a window to end.
  app = await TestApp.create({ environment: { WALLET_ORIGINS: ORIGIN, GAP_GIFT_AT: 'any_earn' } });
  browser = await consoleBrowser(app);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('status in the operator console', { timeout: 300_000 }, () => {
  test('an admin reads tiers, members per tier and what gratitude cost, publishes a new ladder (a wrong one is refused) and grants a status match', async () => {
    await publishRates(app);
    // One point and one qualifying credit per euro.
    const bistro = await partnerClient(app, {
      name: 'Bistro Lumière',
      country: 'FR',
      settlementCurrency: 'EUR',
    });
    await publishTiers(app);
    const earn = async (memberId: string, euros: string) => {
      const earned = await bistro.earn({ memberId, amount: { amount: euros, currency: 'EUR' } });
      expect(earned.status, JSON.stringify(earned.body)).toBe(201);
    };
    // 960 credits: the network gives the last 40 to Silver (40 points at 0.01 EUR).
    const gifted = await bistro.enrol();
    await earn(gifted, '960.00');
    // Silver by itself, then 100 more euros: a 10% tier bonus of 10 points paid by the network.
    const silver = await bistro.enrol();
    await earn(silver, '1500.00');
    await earn(silver, '100.00');
    const plain = await bistro.enrol();
    await earn(plain, '100.00');
    const operator = await app.operatorToken();
    // Close the period: the gift and the bonus are in settlement period 1.
    const closed = await app.request('POST', '/v1/settlements', { token: operator, body: {} });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    // After the close, in the open period: a member 20 points short of the item they save for is
    // given the last 20 at their next earn (0.2 EUR), a goal gift beside the tier figures.
    const dinner = await approvedItem(app, bistro, { title: 'Dinner for two', pointsPrice: 521 });
    const saving = await bistro.enrol();
    await earn(saving, '500.00');
    const saved = await app.request('PUT', '/v1/me/goal', {
      token: await app.memberToken(saving),
      body: { itemId: dinner.id },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await earn(saving, '1.00');
    const goal = await app.request('GET', '/v1/me/goal', { token: await app.memberToken(saving) });
    expect(goal.body.gift).toMatchObject({ points: 20 });
    const ladderBefore = await app.request('GET', '/v1/status/tiers', { token: operator });

    const invitation = await invite(app, { role: 'admin', name: 'Ada Lovelace' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Ada Lovelace · admin'));

    await page.getByRole('link', { name: 'Status' }).click();
    await visible(page.getByRole('heading', { name: 'Members per tier' }));
    await showsText(page.getByTestId('members-silver'), '2');
    await showsText(page.getByTestId('members-none'), '2');
    const chart = page.getByRole('img', { name: 'Members per tier' });
    await visible(chart.locator('rect[data-members="2"]'));
    await showsText(page.getByTestId('gratitude-total'), '0.4');
    await showsText(page.getByTestId('goal-gifts-points'), '20');
    await showsText(page.getByTestId('goal-gifts-total'), '0.2');
    // To date, the tier gift of period 1 and the goal gift of the open period: both are gap gifts.
    await showsText(page.getByTestId('funded-gap_gift'), '0.6');
    await showsText(page.getByTestId('funded-tier_bonus_network'), '0.1');
    await showsText(page.getByTestId('gratitude-budget'), '40 credits');
    await showsText(page.getByTestId('period-1-gap_gift'), '40 points, 0.4');
    await showsText(page.getByTestId('period-1-tier_bonus_network'), '10 points, 0.1');
    await expectAccessible(page, 'status');
    await page.screenshot({ path: 'docs/screenshots/console-status.png', fullPage: true });

    // Platinum below Gold: the API refuses the ladder, the page says why, nothing changes.
    const platinum = page.getByRole('group', { name: 'Tier 3' });
    await platinum.getByLabel('Qualifying credits').fill('2000');
    await page.getByRole('button', { name: 'Publish the ladder' }).click();
    await visible(page.getByRole('alert'));
    const ladderAfterRefusal = await app.request('GET', '/v1/status/tiers', { token: operator });
    expect(ladderAfterRefusal.body).toEqual(ladderBefore.body);

    await platinum.getByLabel('Qualifying credits').fill('6000');
    await page.getByRole('button', { name: 'Add a tier' }).click();
    const diamond = page.getByRole('group', { name: 'Tier 4' });
    await diamond.getByLabel('Code', { exact: true }).fill('diamond');
    await diamond.getByLabel('Name', { exact: true }).fill('Diamond');
    await diamond.getByLabel('Qualifying credits').fill('10000');
    await diamond.getByLabel('Benefits, as members read them').fill('Double points, paid by the partner.');
    await diamond.getByLabel(/^Earn multiplier/).fill('2');
    await diamond.getByLabel('Bonus funded by').selectOption('partner');
    await diamond.getByLabel('Perks (codes, comma separated)').fill('late_checkout, lounge');
    await diamond.getByLabel('Room upgrades when available').check();
    await page.getByRole('button', { name: 'Publish the ladder' }).click();
    await showsText(page.getByRole('status'), 'with 4 tiers');
    await visible(page.getByRole('rowheader', { name: 'Diamond diamond' }));
    const ladder = await app.request('GET', '/v1/status/tiers', { token: operator });
    expect(ladder.body.id).not.toBe(ladderBefore.body.id);
    expect(
      ladder.body.tiers.map((tier: { code: string; threshold: number }) => [tier.code, tier.threshold]),
    ).toEqual([
      ['silver', 1000],
      ['gold', 3000],
      ['platinum', 6000],
      ['diamond', 10000],
    ]);
    expect(ladder.body.tiers[3]).toMatchObject({
      name: 'Diamond',
      lifetimeAfterYears: null,
      benefits: {
        description: 'Double points, paid by the partner.',
        earnMultiplier: { multiplier: '2', fundedBy: 'partner' },
        roomUpgradeEligible: true,
        perks: ['late_checkout', 'lounge'],
      },
    });
    await expectAccessible(page, 'status after publishing');

    // A status match for the member without a tier, from the members page.
    await page.goto(`${ORIGIN}/console/#/members/${plain}`);
    await showsText(page.getByTestId('member-status'), 'No tier');
    await page.getByLabel('Tier on trial').selectOption('gold');
    await page.getByLabel('Days').fill('90');
    await page.getByLabel(/^Qualifying credits to keep it/).fill('1500');
    await page.getByLabel('Reason', { exact: true }).fill('Status match: Gold at a competing hotel group');
    await page.getByRole('button', { name: 'Grant the trial' }).click();
    await showsText(page.getByRole('status'), 'Granted');
    await showsText(page.getByTestId('member-status'), 'Gold (trial)');
    const status = await app.request('GET', `/v1/members/${plain}/status`, { token: operator });
    expect(status.body).toMatchObject({
      tier: { code: 'gold' },
      basis: 'trial',
      trial: { targetCredits: 1500 },
    });
    await expectAccessible(page, 'members with a status match');

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

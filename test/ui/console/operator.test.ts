import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { newKey, partnerClient, publishRates } from '../../support/coalition.js';
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

describe('the operator console in Chromium', { timeout: 240_000 }, () => {
  test('an invited admin joins with a passkey, onboards a partner, publishes FX, closes a period, records a payment and resolves a dispute', async () => {
    // Points issued at a hotel and redeemed at a shop, so that the period has a flow between them.
    await publishRates(app);
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const shop = await partnerClient(app, { name: 'Berlin Boutique', settlementCurrency: 'EUR' });
    const memberId = await hotel.enrol({ externalReference: 'CARD-0001' });
    await hotel.earn({ memberId, amount: { amount: '500.00', currency: 'USD' } });
    expect((await shop.redeem({ memberId, points: 120 })).status).toBe(201);

    const invitation = await invite(app, { role: 'admin', name: 'Ada Lovelace' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await expectAccessible(page, 'join');
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByRole('navigation', { name: 'Pages' }));
    await visible(page.getByText('Ada Lovelace · admin'));

    await page.getByRole('link', { name: 'Partners' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Trattoria Roma');
    await page.getByLabel('Sector').fill('restaurant');
    await page.getByLabel('Country (ISO 3166)').fill('IT');
    await page.getByLabel('Settlement currency (ISO 4217)').fill('EUR');
    await page.getByLabel(/^Earn rate/).fill('1');
    await page.getByLabel(/^Issue price/).fill('0.012');
    await page.getByLabel(/^Redeem rate/).fill('0.009');
    await page.getByRole('button', { name: 'Onboard' }).click();
    await showsText(page.getByRole('status'), 'Onboarded Trattoria Roma');
    await visible(page.getByRole('rowheader', { name: /Trattoria Roma/ }));
    await expectAccessible(page, 'partners');

    await page.getByRole('link', { name: 'FX rates' }).click();
    await page
      .getByLabel(/^Rates, one per line/)
      .fill('USD 1.0850\nGBP 0.8600\nCZK 25.320\nJPY 162.35\nKWD 0.3345');
    await page.getByRole('button', { name: 'Publish' }).click();
    await showsText(page.getByRole('status'), 'Published fx_');
    await visible(page.getByText('1 EUR = 1.0850 USD').first());
    await expectAccessible(page, 'fx');

    await page.getByRole('link', { name: 'Settlement' }).click();
    await page.getByRole('button', { name: 'Close the open period' }).click();
    await visible(page.getByRole('heading', { name: 'Period 1' }));
    const flows = page.getByRole('img', { name: 'Partner-to-partner flows' });
    await visible(flows);
    await visible(flows.locator('rect[data-points="120"]'));
    await showsText(page.getByTestId('residue'), 'EUR');
    await expectAccessible(page, 'settlement');
    await page.screenshot({ path: 'docs/screenshots/console-settlement.png', fullPage: true });

    const hotelRow = page.getByRole('row', { name: /Harbor Hotel/ });
    await hotelRow.getByLabel('Amount (USD)').fill('0.01');
    await hotelRow.getByLabel('Bank reference').fill('SEPA-2026-11-0001');
    await hotelRow.getByRole('button', { name: /^Record/ }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Recorded the payment of Harbor Hotel' }));
    await showsText(hotelRow, 'partially paid');

    // The shop disputes a line of its statement; the operator resolves it in the console.
    const settlementId = new URL(page.url()).hash.split('/')[2] ?? '';
    const lines = await app.request('GET', `/v1/settlements/${settlementId}/lines`, {
      token: await shop.token(),
    });
    const disputed = await app.request('POST', `/v1/settlements/${settlementId}/disputes`, {
      token: await shop.token(),
      idempotencyKey: newKey(),
      body: { transferIds: [lines.body.data[0].transferId], reason: 'Redeemed twice' },
    });
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(201);
    await page.reload();
    await visible(page.getByText('“Redeemed twice”'));
    await page.getByLabel('Note for the partner').fill('Second redemption reversed');
    await page.getByRole('button', { name: /^Resolve/ }).click();
    await visible(page.getByRole('status').filter({ hasText: 'accepted' }));
    await visible(page.getByText(/Redeemed twice.*accepted/));

    const audit = await app.request('GET', '/v1/audit-log', { token: await app.operatorToken() });
    const staffActions = audit.body.data.filter((entry: { actor: string }) => entry.actor.startsWith('stf_'));
    expect(staffActions.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['partner.create', 'fx.publish', 'settlement.close']),
    );
    await page.getByRole('link', { name: 'Audit log' }).click();
    await visible(page.getByRole('cell', { name: 'settlement.close' }));
    await expectAccessible(page, 'audit log');

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

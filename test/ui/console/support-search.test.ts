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

describe('member support search by card number', { timeout: 240_000 }, () => {
  test("support finds a member by a partner's card number, linked or from enrolment, and lands on their page", async () => {
    await publishRates(app);
    const shop = await partnerClient(app, { name: 'Corner Shop', settlementCurrency: 'USD' });
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const memberId = await shop.enrol({ externalReference: 'SHOP-7731' });
    await shop.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    const payCode = await app.request('POST', '/v1/me/pay-codes', {
      token: await app.memberToken(memberId),
      body: { partnerId: hotel.partner.id },
    });
    const linked = await app.request('POST', `/v1/members/${memberId}/links`, {
      token: await hotel.token(),
      body: { externalReference: 'HOTEL-5520', payCode: payCode.body.code },
      idempotencyKey: newKey('link'),
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    const auditBefore = await app.request('GET', '/v1/audit-log', { token: await app.operatorToken() });

    const invitation = await invite(app, { role: 'support', name: 'Sam Support' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Sam Support · support'));
    await page.getByRole('link', { name: 'Members' }).click();

    // A card the hotel never gave: the API's problem is shown, and no member page opens.
    await page.getByRole('option', { name: 'Harbor Hotel' }).waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: /^Partner/ }).selectOption({ label: 'Harbor Hotel' });
    await page.getByLabel('Card number', { exact: true }).fill('SHOP-7731');
    await page.getByRole('button', { name: 'Look up the card' }).click();
    await showsText(page.getByRole('alert'), 'member_not_found');
    expect(await page.getByTestId('member-balance').count()).toBe(0);
    await expectAccessible(page, 'members search refused');

    // The card the hotel linked to the member finds them.
    await page.getByLabel('Card number', { exact: true }).fill('HOTEL-5520');
    await page.getByRole('button', { name: 'Look up the card' }).click();
    await visible(page.getByRole('heading', { name: memberId }));
    expect(page.url()).toBe(`${ORIGIN}/console/#/members/${memberId}`);
    await showsText(page.getByTestId('member-balance'), 'SHOP-7731');
    await expectAccessible(page, 'members found by card');
    await page.screenshot({ path: 'docs/screenshots/console-member-search.png', fullPage: true });

    // The card the shop gave at enrolment finds them too.
    await page.goto(`${ORIGIN}/console/#/members`);
    await page.getByRole('combobox', { name: /^Partner/ }).selectOption({ label: 'Corner Shop' });
    await page.getByLabel('Card number', { exact: true }).fill('SHOP-7731');
    await page.getByRole('button', { name: 'Look up the card' }).click();
    await showsText(page.getByRole('status'), `Card SHOP-7731 belongs to ${memberId}`);
    await visible(page.getByRole('heading', { name: memberId }));

    const audit = await app.request('GET', '/v1/audit-log', { token: await app.operatorToken() });
    const cardReads = audit.body.data.filter(
      (entry: { action: string; summary: { view?: string } }) =>
        entry.action === 'member.read' && entry.summary.view === 'card',
    );
    expect(cardReads.map((entry: { target: string }) => entry.target)).toEqual([memberId, memberId]);
    expect(audit.body.data.length).toBeGreaterThan(auditBefore.body.data.length);

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

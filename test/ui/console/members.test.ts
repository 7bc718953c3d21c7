import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { partnerClient, publishRates } from '../../support/coalition.js';
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

describe('member support in the console', { timeout: 240_000 }, () => {
  test('support finds a member by id, reads balance and activity, and gives a goodwill credit; finance sees no credit form', async () => {
    await publishRates(app);
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const memberId = await hotel.enrol({ externalReference: 'CARD-0042' });
    await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    const before = await app.request('GET', `/v1/members/${memberId}`, { token: await app.operatorToken() });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const available: number = before.body.balance.available;
    expect(available).toBeGreaterThan(0);

    const invitation = await invite(app, { role: 'support', name: 'Sam Support' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Sam Support · support'));

    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Member id').fill(memberId);
    await page.getByRole('button', { name: 'Find' }).click();
    await visible(page.getByRole('heading', { name: memberId }));
    await showsText(page.getByTestId('available'), `${available} points`);
    await visible(page.getByText('CARD-0042'));
    await visible(page.getByRole('cell', { name: 'Harbor Hotel' }));
    await expectAccessible(page, 'members');

    await page.getByLabel('Points').fill('250');
    await page.getByLabel('Reason (the member reads it)').fill('Sorry for the delayed refund');
    await page.getByRole('button', { name: 'Give the credit' }).click();
    await showsText(page.getByRole('status'), 'Credited 250 points');
    await showsText(page.getByTestId('available'), `${available + 250} points`);
    await visible(page.getByRole('rowheader', { name: /Sorry for the delayed refund/ }));
    await expectAccessible(page, 'members after a credit');

    const audit = await app.request('GET', '/v1/audit-log', { token: await app.operatorToken() });
    const actions = audit.body.data.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['member.read']));
    await page.close();

    // A finance user reads the same member but is offered no credit form.
    const financeInvitation = await invite(app, { role: 'finance', name: 'Fin Ance' });
    const finance = await openConsole(browser, `/console/#join=${financeInvitation.body.code}`);
    await finance.page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(finance.page.getByText('Fin Ance · finance'));
    await finance.page.goto(`${ORIGIN}/console/#/members/${memberId}`);
    await showsText(finance.page.getByTestId('available'), `${available + 250} points`);
    expect(await finance.page.getByRole('button', { name: 'Give the credit' }).count()).toBe(0);
    expect(await finance.page.getByLabel('Points').count()).toBe(0);
    await expectAccessible(finance.page, 'members as finance');

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(finance.violations).toEqual([]);
    expect(finance.errors).toEqual([]);
    await finance.page.close();
  });
});

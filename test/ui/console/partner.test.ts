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

describe('the partner portal in Chromium', { timeout: 240_000 }, () => {
  test('partner finance signs in, finds a transaction by card number, downloads and verifies its statement, and reaches nothing else', async () => {
    await publishRates(app);
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const other = await partnerClient(app, { name: 'Berlin Boutique', settlementCurrency: 'EUR' });
    const memberId = await hotel.enrol({ externalReference: 'CARD-4000-1234' });
    await hotel.earn({
      memberId,
      amount: { amount: '250.00', currency: 'USD' },
      externalReference: 'folio-77',
    });
    const closed = await app.request('POST', '/v1/settlements', {
      token: await app.operatorToken(),
      body: {},
    });
    const settlementId = closed.body.settlement.settlementId as string;

    const invitation = await invite(app, {
      role: 'finance',
      name: 'Marco Rossi',
      partnerId: hotel.partner.id,
    });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Marco Rossi · finance'));
    await expectAccessible(page, 'statements');

    await page.getByRole('link', { name: 'Transactions' }).click();
    await page.getByLabel('Card number').fill('CARD-4000-1234');
    await page.getByRole('button', { name: 'Find' }).click();
    await visible(page.getByRole('cell', { name: 'folio-77' }));
    await expectAccessible(page, 'transactions');

    await page.getByRole('link', { name: 'Statements' }).click();
    await page.getByRole('link', { name: /^Period 1/ }).click();
    await visible(page.getByRole('heading', { name: 'Statement of period 1' }));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${settlementId}.csv`);
    const csv = await app.request('GET', `/v1/settlements/${settlementId}.csv`, {
      token: await hotel.token(),
    });
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path, 'utf8')).toBe(csv.body);

    await page.getByRole('button', { name: 'Verify the signature' }).click();
    await showsText(page.getByTestId('verdict'), 'Signature valid: signed by the network key');
    await expectAccessible(page, 'statement');
    await page.screenshot({ path: 'docs/screenshots/partner-statement.png', fullPage: true });

    // The portal shows no operator page, and the API refuses this session on operator routes and
    // on another partner's data, whatever the page asks for.
    await page.goto(`${ORIGIN}/console/#/partners`);
    await visible(page.getByRole('heading', { name: 'Statements' }));
    expect(await page.getByRole('link', { name: 'Partners' }).count()).toBe(0);
    const answers = await page.evaluate(async (otherId) => {
      const refreshed = await fetch('/v1/staff/sessions/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cookie: true }),
      });
      const { accessToken } = (await refreshed.json()) as { accessToken: string };
      const headers = { authorization: `Bearer ${accessToken}` };
      const operator = await fetch('/v1/partners', { headers });
      const foreign = await fetch(`/v1/partners/${otherId}`, { headers });
      const close = await fetch('/v1/settlements', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      });
      return [operator.status, foreign.status, close.status];
    }, other.partner.id);
    expect(answers).toEqual([401, 401, 401]);

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { partnerClient } from '../../support/coalition.js';
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

describe("a partner's keys and terms in the console", { timeout: 240_000 }, () => {
  test("an admin changes a partner's terms, revokes its key, suspends and reactivates it", async () => {
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const read = async () =>
      (await app.request('GET', `/v1/partners/${hotel.partner.id}`, { token: await app.operatorToken() }))
        .body;
    const [key] = (await read()).keys;
    expect(key.removedAt).toBeNull();

    const invitation = await invite(app, { role: 'admin', name: 'Ada Lovelace' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Ada Lovelace · admin'));
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('button', { name: 'Keys and terms of Harbor Hotel' }).click();
    await visible(page.getByRole('heading', { name: 'Harbor Hotel: keys and terms' }));
    const keyRow = page.getByRole('row', { name: new RegExp(key.kid) });
    await showsText(keyRow, key.alg);

    await page.getByLabel('Earn rate', { exact: true }).fill('2.5');
    await page.getByRole('button', { name: 'Save the terms' }).click();
    await showsText(page.getByRole('status'), 'New terms for Harbor Hotel: earnRate');
    expect(await read()).toMatchObject({ earnRate: '2.5' });
    await expectAccessible(page, 'partner keys and terms');
    await page.screenshot({ path: 'docs/screenshots/console-partner-keys.png', fullPage: true });

    // A revoked key: tokens signed with it are refused from then on.
    expect((await app.request('GET', '/v1/settlements', { token: await hotel.token() })).status).toBe(200);
    await keyRow.getByRole('button', { name: `Revoke key ${key.kid}` }).click();
    await showsText(page.getByRole('status'), `Key ${key.kid} is revoked`);
    await expect.poll(async () => (await read()).keys[0].removedAt).not.toBeNull();
    const refused = await app.request('GET', '/v1/settlements', { token: await hotel.token() });
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 401,
      code: 'invalid_token',
    });
    expect(await keyRow.getByRole('button').count()).toBe(0);

    await page.getByRole('button', { name: 'Suspend Harbor Hotel' }).click();
    await showsText(page.getByRole('status'), 'Harbor Hotel is suspended');
    expect(await read()).toMatchObject({ status: 'suspended' });
    await page.getByRole('button', { name: 'Reactivate Harbor Hotel' }).click();
    await showsText(page.getByRole('status'), 'Harbor Hotel is active');
    expect(await read()).toMatchObject({ status: 'active', earnRate: '2.5' });

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

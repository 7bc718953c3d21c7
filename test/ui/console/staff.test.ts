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

const staffOf = async (partnerId?: string) =>
  (
    await app.request('GET', partnerId === undefined ? '/v1/staff' : `/v1/staff?partnerId=${partnerId}`, {
      token: await app.operatorToken(),
    })
  ).body.data as { name: string; role: string; status: string; partnerId: string | null }[];

describe('staff management in the console', { timeout: 240_000 }, () => {
  test("an admin lists the staff, invites a finance user who joins with the link, and invites a partner's admin; finance only reads", async () => {
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const invitation = await invite(app, { role: 'admin', name: 'Ada Lovelace' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Ada Lovelace · admin'));

    await page.getByRole('link', { name: 'Staff' }).click();
    await visible(page.getByRole('rowheader', { name: /Ada Lovelace/ }));
    await page.getByLabel('Name', { exact: true }).fill('Gia Conti');
    await page.getByRole('combobox', { name: /^Role/ }).selectOption('finance');
    await page.getByRole('button', { name: 'Invite' }).click();
    await showsText(page.getByRole('status'), 'Invited Gia Conti as finance');
    const link = page.getByTestId('invitation').getByRole('link');
    const url = new URL((await link.getAttribute('href')) ?? '');
    expect(url.pathname).toBe('/console/');
    expect(url.hash).toMatch(/^#join=/);
    await showsText(page.getByRole('row', { name: /Gia Conti/ }), 'invited');
    expect(await staffOf()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Gia Conti', role: 'finance', status: 'invited' }),
      ]),
    );
    await expectAccessible(page, 'staff with an invitation');
    await page.screenshot({ path: 'docs/screenshots/console-staff.png', fullPage: true });

    // The link handed over lets Gia join with a passkey of her own.
    const gia = await openConsole(browser, `/console/${url.hash}`);
    await gia.page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(gia.page.getByText('Gia Conti · finance'));
    expect(await staffOf()).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Gia Conti', status: 'active' })]),
    );

    // Finance reads the staff list but is offered no invitation (the API refuses it a finance user).
    await gia.page.getByRole('link', { name: 'Staff' }).click();
    await showsText(gia.page.getByRole('row', { name: /Gia Conti/ }), 'active');
    expect(await gia.page.getByRole('button', { name: 'Invite' }).count()).toBe(0);
    await expectAccessible(gia.page, 'staff as finance');

    // The admin invites the hotel's first admin from the same page.
    await page.getByRole('combobox', { name: /^Whose staff/ }).selectOption({ label: 'Harbor Hotel' });
    await visible(page.getByRole('table', { name: 'Staff users of Harbor Hotel, oldest first' }));
    expect(await page.getByRole('option', { name: 'support' }).count()).toBe(0);
    await page.getByLabel('Name', { exact: true }).fill('Hotel Admin');
    await page.getByRole('combobox', { name: /^Role/ }).selectOption('admin');
    await page.getByRole('button', { name: 'Invite' }).click();
    await showsText(page.getByRole('status'), 'Invited Hotel Admin as admin');
    await visible(page.getByRole('rowheader', { name: /Hotel Admin/ }));
    expect(await staffOf(hotel.partner.id)).toEqual([
      expect.objectContaining({
        name: 'Hotel Admin',
        role: 'admin',
        status: 'invited',
        partnerId: hotel.partner.id,
      }),
    ]);

    expect(browser.foreignRequests).toEqual([]);
    expect([...violations, ...gia.violations]).toEqual([]);
    expect([...errors, ...gia.errors]).toEqual([]);
    await gia.page.close();
    await page.close();
  });
});

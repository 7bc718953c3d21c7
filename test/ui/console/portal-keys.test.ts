import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { partnerClient } from '../../support/coalition.js';
import { newPartnerKey, TestApp } from '../../support/harness.js';
import { consoleBrowser, expectAccessible, ORIGIN, showsText, visible } from './browser.js';
import { partnerStaffPage, statusesFromPage } from './portal.js';

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

describe("the partner portal's keys and staff in Chromium", { timeout: 240_000 }, () => {
  test('a partner admin registers a pasted public key, removes the old one, and invites a colleague; nothing of another partner shows', async () => {
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const other = await partnerClient(app, { name: 'Berlin Boutique', settlementCurrency: 'EUR' });
    const { page, violations, errors } = await partnerStaffPage(app, browser, {
      partnerId: hotel.partner.id,
      role: 'admin',
      name: 'Marta Bianchi',
    });

    await page.getByRole('link', { name: 'Keys' }).click();
    await visible(page.getByRole('rowheader', { name: hotel.key.kid }));
    expect(await page.getByRole('rowheader', { name: other.key.kid }).count()).toBe(0);

    const next = await newPartnerKey('ES256');
    await page.getByLabel(/^Public JWK/).fill(JSON.stringify(next.publicJwk));
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await showsText(page.getByRole('status'), `Registered key ${next.kid} (ES256).`);
    await visible(page.getByRole('rowheader', { name: next.kid }));

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Remove key ${hotel.key.kid}` }).click();
    await showsText(page.getByRole('status'), `Removed key ${hotel.key.kid}`);
    await expectAccessible(page, 'keys');
    await page.screenshot({ path: 'docs/screenshots/portal-keys.png', fullPage: true });

    // Through the API: the new key signs the partner's tokens, the old one no longer does.
    const keys = await app.request('GET', `/v1/partners/${hotel.partner.id}/keys`, {
      token: await app.operatorToken(),
    });
    expect(keys.body.data).toEqual([
      expect.objectContaining({ kid: hotel.key.kid, removedAt: expect.any(String) }),
      expect.objectContaining({ kid: next.kid, alg: 'ES256', removedAt: null }),
    ]);
    const path = `/v1/partners/${hotel.partner.id}/keys`;
    const withNew = await app.request('GET', path, { token: await app.partnerToken(hotel.partner.id, next) });
    expect(withNew.status).toBe(200);
    const withOld = await app.request('GET', path, { token: await hotel.token() });
    expect(withOld.status).toBe(401);

    // Staff: the admin invites a finance colleague; the operator sees the invitation on the partner.
    await page.getByRole('link', { name: 'Staff' }).click();
    await visible(page.getByRole('rowheader', { name: /Marta Bianchi/ }));
    await page.getByLabel('Name').fill('Luca Verdi');
    await page.getByLabel('Role').selectOption('finance');
    await page.getByRole('button', { name: 'Invite' }).click();
    await showsText(page.getByRole('status'), 'Invitation for Luca Verdi, shown once: code');
    await visible(page.getByRole('rowheader', { name: /Luca Verdi/ }));
    await expectAccessible(page, 'staff');
    await page.screenshot({ path: 'docs/screenshots/portal-staff.png', fullPage: true });
    const staff = await app.request('GET', `/v1/staff?partnerId=${hotel.partner.id}`, {
      token: await app.operatorToken(),
    });
    expect(staff.body.data).toEqual([
      expect.objectContaining({ name: 'Marta Bianchi', role: 'admin', status: 'active' }),
      expect.objectContaining({ name: 'Luca Verdi', role: 'finance', status: 'invited' }),
    ]);

    // Another partner's keys and staff stay out of reach, whatever the page is asked.
    const before = await app.request('GET', `/v1/partners/${other.partner.id}/keys`, {
      token: await app.operatorToken(),
    });
    const statuses = await statusesFromPage(page, [
      { method: 'GET', path: `/v1/partners/${other.partner.id}/keys` },
      { method: 'POST', path: `/v1/partners/${other.partner.id}/keys`, body: { publicJwk: next.publicJwk } },
      { method: 'DELETE', path: `/v1/partners/${other.partner.id}/keys/${other.key.kid}` },
      { method: 'GET', path: `/v1/staff?partnerId=${other.partner.id}` },
      {
        method: 'POST',
        path: '/v1/staff/invitations',
        body: { name: 'Intruder', role: 'admin', partnerId: other.partner.id },
      },
    ]);
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    const after = await app.request('GET', `/v1/partners/${other.partner.id}/keys`, {
      token: await app.operatorToken(),
    });
    expect(after.body).toEqual(before.body);

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a partner finance user reads the keys but is offered no key action, and the API refuses one', async () => {
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const { page } = await partnerStaffPage(app, browser, {
      partnerId: hotel.partner.id,
      role: 'finance',
      name: 'Paolo Neri',
    });
    await page.getByRole('link', { name: 'Keys' }).click();
    await visible(page.getByRole('rowheader', { name: hotel.key.kid }));
    expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Register a public key' }).count()).toBe(0);
    await expectAccessible(page, 'keys, finance');
    const statuses = await statusesFromPage(page, [
      { method: 'DELETE', path: `/v1/partners/${hotel.partner.id}/keys/${hotel.key.kid}` },
    ]);
    expect(statuses).toEqual([403]);
    const keys = await app.request('GET', `/v1/partners/${hotel.partner.id}/keys`, {
      token: await hotel.token(),
    });
    expect(keys.body.data).toEqual([expect.objectContaining({ kid: hotel.key.kid, removedAt: null })]);
    await page.close();
  });
});

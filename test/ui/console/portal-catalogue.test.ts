import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { approvedItem, catalogueCoalition, memberWithPoints, reserve } from '../../catalogue/fixtures.js';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { TestApp } from '../../support/harness.js';
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

describe("the partner portal's catalogue and reservations in Chromium", { timeout: 240_000 }, () => {
  test('a partner admin offers an experience, sees it approved, fulfils one reservation and cancels another; nothing of another partner shows', async () => {
    const { shop, hotel } = await catalogueCoalition(app);
    // Another partner's item and reservation, which the shop's staff must never see or resolve.
    const cruise = await approvedItem(app, hotel, { title: 'Harbour sunset cruise', pointsPrice: 500 });
    const guest = await memberWithPoints(hotel, 1000);
    const foreignReservation = await reserve(app, guest, { itemId: cruise.id });
    expect(foreignReservation.status).toBe(201);

    const { page, violations, errors } = await partnerStaffPage(app, browser, {
      partnerId: shop.partner.id,
      role: 'admin',
      name: 'Jonas Weber',
    });
    await page.getByRole('link', { name: 'Catalogue' }).click();
    await page.getByLabel('Kind').selectOption('experience');
    await page.getByLabel('Title').fill('Guided trail run with a coach');
    await page.getByLabel('Description').fill('Ten kilometres above the lake, coffee after.');
    await page.getByLabel('Place (experiences)').fill('Tegernsee, DE');
    await page.getByLabel('Takes place at (experiences)').fill('2027-03-14T09:00');
    await page.getByLabel('Seats or units').fill('10');
    await page.getByLabel('Price in points').fill('3000');
    await page.getByLabel(/^Settlement price per unit/).fill('40.00');
    await page.getByLabel('Reservable from').fill('2026-11-01T00:00');
    await page.getByLabel('Reservable until').fill('2027-03-01T00:00');
    await page.getByLabel(/^Countries/).fill('DE');
    await page.getByRole('button', { name: 'Offer' }).click();
    await showsText(page.getByRole('status'), "it waits for the operator's approval");
    await visible(page.getByRole('rowheader', { name: /Guided trail run with a coach/ }));
    expect(await page.getByText('Harbour sunset cruise').count()).toBe(0);

    const own = await app.request('GET', '/v1/catalogue/items', { token: await shop.token() });
    expect(own.body.data).toEqual([
      expect.objectContaining({
        title: 'Guided trail run with a coach',
        kind: 'experience',
        place: 'Tegernsee, DE',
        stock: 10,
        pointsPrice: 3000,
        settlementPrice: { amount: '40.00', currency: 'EUR' },
        eligibility: { countries: ['DE'] },
        status: 'pending',
      }),
    ]);
    const itemId = own.body.data[0].id as string;

    await page.getByLabel('Stock', { exact: true }).fill('12');
    await page.getByRole('button', { name: 'Change the stock of Guided trail run with a coach' }).click();
    await showsText(page.getByRole('status'), 'Guided trail run with a coach now offers 12.');
    const reviewed = await app.request('POST', `/v1/catalogue/items/${itemId}/review`, {
      token: await app.operatorToken(),
      body: { decision: 'approve' },
    });
    expect(reviewed.body).toMatchObject({ stock: 12, status: 'approved' });
    await page.reload();
    await visible(page.getByRole('cell', { name: 'approved' }));
    await expectAccessible(page, 'catalogue');
    await page.screenshot({ path: 'docs/screenshots/portal-catalogue.png', fullPage: true });

    // Two members of the shop reserve a seat each (their points are held).
    const runner = await memberWithPoints(shop, 6000);
    const friend = await memberWithPoints(shop, 3000);
    const first = await reserve(app, runner, { itemId });
    const second = await reserve(app, friend, { itemId });
    expect([first.status, second.status]).toEqual([201, 201]);

    await page.getByRole('link', { name: 'Reservations' }).click();
    await visible(page.getByRole('rowheader', { name: new RegExp(first.body.id) }));
    await visible(page.getByRole('rowheader', { name: new RegExp(second.body.id) }));
    expect(await page.getByText(foreignReservation.body.id).count()).toBe(0);
    await expectAccessible(page, 'reservations');
    await page.screenshot({ path: 'docs/screenshots/portal-reservations.png', fullPage: true });

    await page.getByRole('button', { name: `Confirm fulfilled ${first.body.id}` }).click();
    await showsText(page.getByRole('status'), `Reservation ${first.body.id} is fulfilled: 40.00 EUR`);
    await page.getByRole('button', { name: `Cancel ${second.body.id}` }).click();
    await showsText(page.getByRole('status'), `Reservation ${second.body.id} is cancelled`);
    await page.getByRole('link', { name: 'All', exact: true }).click();
    await showsText(page.getByRole('table'), 'fulfilled by partner');
    await showsText(page.getByRole('table'), 'cancelled by partner');

    // Through the API: one captured, one given back; the other partner's reservation untouched.
    const resolved = await app.request('GET', '/v1/reservations', { token: await shop.token() });
    const statusOf = (id: string) =>
      resolved.body.data.find((reservation: { id: string }) => reservation.id === id)?.status;
    expect([statusOf(first.body.id), statusOf(second.body.id)]).toEqual(['fulfilled', 'cancelled']);
    expect((await shop.balance(runner)).available).toBe(3000);
    expect((await shop.balance(friend)).available).toBe(3000);
    const statuses = await statusesFromPage(page, [
      { method: 'POST', path: `/v1/reservations/${foreignReservation.body.id}/fulfilment` },
      { method: 'POST', path: `/v1/reservations/${foreignReservation.body.id}/cancellation` },
      { method: 'PATCH', path: `/v1/catalogue/items/${cruise.id}`, body: { withdraw: true } },
    ]);
    expect(statuses).toEqual([404, 404, 404]);
    const theirs = await app.request('GET', '/v1/reservations', { token: await hotel.token() });
    expect(theirs.body.data).toEqual([
      expect.objectContaining({ id: foreignReservation.body.id, status: 'reserved' }),
    ]);
    const cruiseNow = await app.request('GET', `/v1/catalogue/items/${cruise.id}`, {
      token: await hotel.token(),
    });
    expect(cruiseNow.body.status).toBe('approved');

    // Withdrawn from the catalogue in the page.
    await page.getByRole('link', { name: 'Catalogue' }).click();
    await page.getByRole('button', { name: 'Withdraw Guided trail run with a coach' }).click();
    await showsText(page.getByRole('status'), 'Guided trail run with a coach is withdrawn.');
    const withdrawn = await app.request('GET', `/v1/catalogue/items/${itemId}`, {
      token: await shop.token(),
    });
    expect(withdrawn.body.status).toBe('withdrawn');

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { type PartnerClient, partnerClient, publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { invite } from '../../support/staff.js';
import { dispatchAll, Receiver } from '../../webhooks/support.js';
import { consoleBrowser, expectAccessible, ORIGIN, openConsole, showsText, visible } from './browser.js';

const DAY_MS = 86_400_000;
let app: TestApp;
let browser: IsolatedBrowser;
const receivers: Receiver[] = [];
beforeAll(async () => {
  app = await TestApp.create({
    environment: { WALLET_ORIGINS: ORIGIN, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' },
  });
  browser = await consoleBrowser(app);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  for (const receiver of receivers) await receiver.close();
  await app?.close();
});

/** A closed period: points earned at the hotel, some redeemed at the shop, then the close. */
async function closePeriod(hotel: PartnerClient, shop: PartnerClient, earned: string, redeemed: number) {
  const memberId = await hotel.enrol();
  const earning = await hotel.earn({ memberId, amount: { amount: earned, currency: 'USD' } });
  expect(earning.status, JSON.stringify(earning.body)).toBe(201);
  expect((await shop.redeem({ memberId, points: redeemed })).status).toBe(201);
  const closed = await app.request('POST', '/v1/settlements', { token: await app.operatorToken(), body: {} });
  expect(closed.status, JSON.stringify(closed.body)).toBe(201);
  app.clock.advance(DAY_MS);
}

/** An endpoint whose receiver answers every delivery with `status`. */
async function endpointAnswering(status: number, token: string, eventTypes: string[]) {
  const receiver = await Receiver.start();
  receivers.push(receiver);
  receiver.answer = () => ({ status });
  const created = await app.request('POST', '/v1/webhook-endpoints', {
    token,
    body: { url: receiver.url, eventTypes },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; url: string };
}

async function signIn(role: 'admin' | 'finance', name: string) {
  const invitation = await invite(app, { role, name });
  const opened = await openConsole(browser, `/console/#join=${invitation.body.code}`);
  await opened.page.getByRole('button', { name: 'Make a passkey and join' }).click();
  await visible(opened.page.getByText(`${name} · ${role}`));
  return opened;
}

describe('the network pages of the console', { timeout: 240_000 }, () => {
  test('the network summary charts every closed period, with the same figures in a table', async () => {
    await publishRates(app);
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const shop = await partnerClient(app, { name: 'Berlin Boutique', settlementCurrency: 'EUR' });
    await closePeriod(hotel, shop, '500.00', 120);
    await closePeriod(hotel, shop, '1000.00', 300);
    await closePeriod(hotel, shop, '250.00', 40);
    const settlements = await app.request('GET', '/v1/settlements', { token: await app.operatorToken() });
    const [third, second, first] = settlements.body.data;
    expect([first.number, second.number, third.number]).toEqual([1, 2, 3]);

    const { page, violations, errors } = await signIn('finance', 'Fin Ance');
    await page.getByRole('link', { name: 'Network' }).click();
    await visible(page.getByRole('heading', { name: 'Network' }));
    const points = page.getByTestId('points-chart');
    await visible(points);
    expect(await points.locator('g.series').count()).toBe(4);
    expect(await points.locator('g[data-series="Issued"] circle').count()).toBe(3);
    expect(await page.getByTestId('margin-chart').locator('g[data-series="Margin"] circle').count()).toBe(3);
    await expectAccessible(page, 'network');
    await page.screenshot({ path: 'docs/screenshots/console-network.png', fullPage: true });

    // The table alternative holds each period's figures as the API answered them.
    await page.getByText('Points per period: the figures as a table').click();
    const pointsTable = page.getByRole('table', { name: 'Points per period, per closed period' });
    for (const period of [first, second, third]) {
      const row = pointsTable.getByRole('row', { name: new RegExp(`^#${period.number} `) });
      await showsText(row, `${period.totals.period.issued}${period.totals.period.redeemed}`);
    }
    await page.getByText(/^Network margin per period .*: the figures as a table$/).click();
    const marginRow = page
      .getByRole('table', { name: /^Network margin per period/ })
      .getByRole('row', { name: /^#2 / });
    await showsText(marginRow, second.netting.marginExact);
    const summary = await app.request('GET', '/v1/network/summary', { token: await app.operatorToken() });
    await showsText(page.getByTestId('network-totals'), `Points issued to date${summary.body.points.issued}`);
    await expectAccessible(page, 'network with its tables open');

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("webhook health lists failing and disabled endpoints; an admin enables the network's own again", async () => {
    await publishRates(app);
    const hotel = await partnerClient(app, { name: 'Lakeside Inn', settlementCurrency: 'USD' });
    const hotelToken = await hotel.token();
    const failing = await endpointAnswering(503, hotelToken, ['transaction.earned']);
    const gone = await endpointAnswering(410, hotelToken, ['transaction.earned']);
    const own = await endpointAnswering(410, await app.operatorToken(), ['webhook_endpoint.disabled']);
    const memberId = await hotel.enrol();
    const earned = await hotel.earn({ memberId, amount: { amount: '10.85', currency: 'USD' } });
    expect(earned.status, JSON.stringify(earned.body)).toBe(201);
    await dispatchAll(app);
    const health = await app.request('GET', '/v1/network/webhooks', { token: await app.operatorToken() });
    expect(
      health.body.troubledEndpoints.map((endpoint: { id: string; status: string }) => [
        endpoint.id,
        endpoint.status,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [failing.id, 'enabled'],
        [gone.id, 'disabled'],
        [own.id, 'disabled'],
      ]),
    );

    // Finance reads the page but is offered no action on the network's endpoint.
    const finance = await signIn('finance', 'Fin Reader');
    await finance.page.getByRole('link', { name: 'Webhooks' }).click();
    await visible(finance.page.getByRole('rowheader', { name: new RegExp(own.id) }));
    expect(await finance.page.getByRole('button', { name: /^Enable again/ }).count()).toBe(0);
    await finance.page.close();

    const { page, violations, errors } = await signIn('admin', 'Ada Lovelace');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const failingRow = page.getByRole('row', { name: new RegExp(failing.id) });
    await showsText(failingRow, 'enabled, failing');
    await showsText(failingRow, 'answered 503');
    await showsText(failingRow, 'Lakeside Inn');
    await showsText(page.getByRole('row', { name: new RegExp(gone.id) }), 'disabled: it answered 410 Gone');
    const ownRow = page.getByRole('row', { name: new RegExp(own.id) });
    await showsText(ownRow, 'the network');
    await expectAccessible(page, 'webhooks');
    await page.screenshot({ path: 'docs/screenshots/console-webhooks.png', fullPage: true });

    await ownRow.getByRole('button', { name: /^Enable again/ }).click();
    await showsText(page.getByRole('status'), 'is enabled again');
    const endpoints = await app.request('GET', '/v1/webhook-endpoints', { token: await app.operatorToken() });
    expect(endpoints.body.data.find((endpoint: { id: string }) => endpoint.id === own.id)).toMatchObject({
      status: 'enabled',
      disabledReason: null,
    });
    const after = await app.request('GET', `/v1/webhook-endpoints`, { token: hotelToken });
    expect(after.body.data.find((endpoint: { id: string }) => endpoint.id === gone.id)).toMatchObject({
      status: 'disabled',
    });

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

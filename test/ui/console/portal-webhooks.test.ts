import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { partnerClient, publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { dispatchAll, Receiver, verify } from '../../webhooks/support.js';
import { consoleBrowser, expectAccessible, ORIGIN, showsText, visible } from './browser.js';
import { partnerStaffPage, statusesFromPage } from './portal.js';

let app: TestApp;
let browser: IsolatedBrowser;
let receiver: Receiver;
beforeAll(async () => {
  // Loopback receivers are refused unless this test setting allows them.
  app = await TestApp.create({ environment: { WALLET_ORIGINS: ORIGIN, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
  browser = await consoleBrowser(app);
  receiver = await Receiver.start();
}, 180_000);
afterAll(async () => {
  await receiver?.close();
  await browser?.close();
  await app?.close();
});

describe("the partner portal's webhooks in Chromium", { timeout: 240_000 }, () => {
  test('a partner admin registers an endpoint, receives a signed delivery, reads the log, redelivers and rotates the secret', async () => {
    await publishRates(app);
    const hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
    const other = await partnerClient(app, { name: 'Berlin Boutique', settlementCurrency: 'EUR' });
    const foreign = await app.request('POST', '/v1/webhook-endpoints', {
      token: await other.token(),
      body: { url: 'https://hooks.berlin-boutique.example/tessera', eventTypes: ['transaction.earned'] },
    });
    expect(foreign.status).toBe(201);
    const { page, violations, errors } = await partnerStaffPage(app, browser, {
      partnerId: hotel.partner.id,
      role: 'admin',
      name: 'Marta Bianchi',
    });

    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('URL (https)').fill(receiver.url);
    await page.getByLabel('Description (optional)').fill('Front desk sync');
    await page.getByRole('checkbox', { name: 'transaction.earned' }).check();
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await showsText(page.getByRole('status'), 'Registered endpoint whe_');
    const secret = (await page.getByTestId('secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await visible(page.getByRole('rowheader', { name: new RegExp(receiver.url) }));
    expect(await page.getByText('hooks.berlin-boutique.example').count()).toBe(0);

    // A real earn, delivered to the real receiver on loopback, verifies with the secret the page showed.
    const memberId = await hotel.enrol({ externalReference: 'CARD-7000' });
    const earned = await hotel.earn({ memberId, amount: { amount: '120.00', currency: 'USD' } });
    expect(earned.status).toBe(201);
    await dispatchAll(app);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    if (delivery === undefined) throw new Error('nothing received');
    const event = verify(secret, delivery, app.clock.nowMs) as { id: string; type: string; data: unknown };
    expect(event).toMatchObject({ type: 'transaction.earned', data: { transactionId: earned.body.id } });

    await page.getByRole('link', { name: `Delivery log of ${receiver.url}` }).click();
    await visible(page.getByRole('heading', { name: /^Delivery log of whe_/ }));
    await visible(page.getByRole('cell', { name: event.id }));
    await showsText(page.getByRole('table', { name: 'Delivery attempts, newest first' }), 'delivered');
    await page.getByRole('button', { name: `Redeliver event ${event.id}` }).click();
    const log = page.getByRole('region', { name: /^Delivery log of whe_/ });
    await showsText(log.getByRole('status'), `Event ${event.id} is scheduled for delivery again.`);
    await dispatchAll(app);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(event.id);
    await page.getByRole('button', { name: 'Refresh the log' }).click();
    await expect
      .poll(() => page.getByRole('cell', { name: event.id, exact: true }).count(), { timeout: 60_000 })
      .toBe(2);
    await expectAccessible(page, 'webhooks');
    await page.screenshot({ path: 'docs/screenshots/portal-webhooks.png', fullPage: true });

    await page.getByRole('button', { name: `Rotate secret of ${receiver.url}` }).click();
    await showsText(page.getByRole('status'), 'Rotated the secret of whe_');
    const rotated = (await page.getByTestId('secret').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    const endpoints = await app.request('GET', '/v1/webhook-endpoints', { token: await hotel.token() });
    expect(endpoints.body.data).toEqual([
      expect.objectContaining({
        url: receiver.url,
        description: 'Front desk sync',
        eventTypes: ['transaction.earned'],
        previousSecretExpiresAt: expect.any(String),
      }),
    ]);

    // Another partner's endpoint cannot be read, redelivered or rotated from this session.
    const before = await app.request('GET', `/v1/webhook-endpoints/${foreign.body.id}`, {
      token: await other.token(),
    });
    const statuses = await statusesFromPage(page, [
      { method: 'GET', path: `/v1/webhook-endpoints/${foreign.body.id}/attempts` },
      {
        method: 'POST',
        path: `/v1/webhook-endpoints/${foreign.body.id}/redeliveries`,
        body: { eventId: event.id },
      },
      { method: 'POST', path: `/v1/webhook-endpoints/${foreign.body.id}/secret-rotations`, body: {} },
    ]);
    expect(statuses).toEqual([404, 404, 404]);
    const after = await app.request('GET', `/v1/webhook-endpoints/${foreign.body.id}`, {
      token: await other.token(),
    });
    expect(after.body).toEqual(before.body);

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

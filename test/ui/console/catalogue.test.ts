import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  approvedItem,
  catalogueCoalition,
  itemBody,
  memberWithPoints,
  reserve,
} from '../../catalogue/fixtures.js';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { newKey, type PartnerClient } from '../../support/coalition.js';
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

async function offer(partner: PartnerClient, overrides: Record<string, unknown>) {
  const created = await app.request('POST', '/v1/catalogue/items', {
    token: await partner.token(),
    body: itemBody(overrides),
    idempotencyKey: newKey('item'),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string };
}

async function item(itemId: string) {
  const response = await app.request('GET', `/v1/catalogue/items/${itemId}`, {
    token: await app.operatorToken(),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

describe('catalogue approvals in the operator console', { timeout: 300_000 }, () => {
  test('an admin approves one item, refuses another with a reason, is told when an item was reviewed meanwhile, and sees approved items by fulfiller with what is left', async () => {
    const { shop, hotel } = await catalogueCoalition(app);
    const night = await approvedItem(app, hotel, {
      title: 'A night at the Harbor Hotel',
      place: 'San Diego, US',
      stock: 4,
      pointsPrice: 2000,
    });
    const guest = await memberWithPoints(hotel, 2500);
    expect((await reserve(app, guest, { itemId: night.id })).status).toBe(201);
    const run = await offer(shop, { title: 'Guided trail run with a coach' });
    const skiPass = await offer(shop, {
      kind: 'voucher',
      title: 'Day ski pass',
      place: null,
      startsAt: null,
    });
    const cooking = await offer(shop, { title: 'Cooking class by the lake' });

    const invitation = await invite(app, { role: 'admin', name: 'Ada Lovelace' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Ada Lovelace · admin'));

    await page.getByRole('link', { name: 'Catalogue' }).click();
    await visible(page.getByRole('heading', { name: 'Guided trail run with a coach' }));
    await showsText(page.getByTestId(`left-${night.id}`), '3');
    await visible(page.getByRole('table', { name: 'Harbor Hotel San Diego' }));
    await expectAccessible(page, 'catalogue');
    await page.screenshot({ path: 'docs/screenshots/console-catalogue.png', fullPage: true });

    await page.getByRole('button', { name: 'Approve Guided trail run with a coach' }).click();
    await showsText(page.getByRole('status'), 'Approved “Guided trail run with a coach”');
    const approvedRun = page.getByRole('table', { name: 'Alpine Outfitters Munich' });
    await visible(approvedRun.getByRole('rowheader', { name: /Guided trail run with a coach/ }));
    await showsText(page.getByTestId(`left-${run.id}`), '10');
    expect(await item(run.id)).toMatchObject({ status: 'approved', remaining: 10 });

    const refusal = page.getByRole('form', { name: 'Refuse Day ski pass' });
    await refusal.getByLabel('Reason for the partner').fill('Name the resort and the season.');
    await refusal.getByRole('button', { name: /^Refuse/ }).click();
    await showsText(page.getByRole('status'), 'Refused “Day ski pass”');
    expect(await item(skiPass.id)).toMatchObject({
      status: 'rejected',
      reviewNote: 'Name the resort and the season.',
    });
    expect(await page.getByRole('heading', { name: 'Day ski pass' }).count()).toBe(0);

    // Someone else refuses the cooking class while the page still shows it: approving it now is
    // refused with the API's problem, and the item stays as it was.
    const meanwhile = await app.request('POST', `/v1/catalogue/items/${cooking.id}/review`, {
      token: await app.operatorToken(),
      body: { decision: 'reject', note: 'Add the menu.' },
    });
    expect(meanwhile.status).toBe(200);
    const before = await item(cooking.id);
    await page.getByRole('button', { name: 'Approve Cooking class by the lake' }).click();
    await showsText(page.getByRole('alert'), 'item_not_pending');
    expect(await item(cooking.id)).toEqual(before);
    await expectAccessible(page, 'catalogue after reviews');

    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('finance staff read the queue, the tiers and the yearly choices but are offered none of their writes', async () => {
    const { shop } = await catalogueCoalition(app);
    await offer(shop, { title: 'Sunrise paddle on the lake' });
    const invitation = await invite(app, { role: 'finance', name: 'Fin Ance' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await page.getByRole('button', { name: 'Make a passkey and join' }).click();
    await visible(page.getByText('Fin Ance · finance'));

    await page.goto(`${ORIGIN}/console/#/catalogue`);
    await visible(page.getByRole('heading', { name: 'Sunrise paddle on the lake' }));
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    expect(await page.getByLabel('Reason for the partner').count()).toBe(0);
    await page.getByRole('link', { name: 'Status' }).click();
    await visible(page.getByRole('heading', { name: 'Members per tier' }));
    expect(await page.getByRole('button', { name: 'Publish the ladder' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Yearly choice' }).click();
    await visible(page.getByRole('table', { name: /Every yearly choice/ }));
    expect(await page.getByRole('button', { name: 'Open the yearly choice' }).count()).toBe(0);
    await expectAccessible(page, 'yearly choice as finance');

    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

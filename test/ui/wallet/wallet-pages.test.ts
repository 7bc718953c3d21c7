import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { approvedItem } from '../../catalogue/fixtures.js';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { newKey } from '../../support/coalition.js';
import { enrolWithClaim, identitySnapshot } from '../../support/members.js';
import {
  claimInBrowser,
  expectAccessible,
  PAGE_TIMEOUT_MS,
  phone,
  shop,
  type WalletServer,
  walletPage,
  walletServer,
} from './support.js';

/**
 * The wallet's pages beyond the main story: installable, reachable by keyboard, accessible, live
 * by the page's own clock, closed to everyone but the member, and in Italian.
 */
let server: WalletServer;
let browser: IsolatedBrowser;
let other: IsolatedBrowser;
beforeAll(async () => {
  server = await walletServer();
  browser = await phone(server);
  other = await phone(server);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await other?.close();
  await server?.close();
});

describe('the wallet', { timeout: 300_000 }, () => {
  test('is an installable web app: a manifest and a service worker of its own origin', async () => {
    const tab = await walletPage(browser, server);
    const response = await tab.page.goto(`${server.origin}/wallet/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await tab.page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    const manifestHref = await tab.page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await (await tab.page.request.get(`${server.origin}${manifestHref}`)).json();
    expect(manifest).toMatchObject({ start_url: '/wallet/', scope: '/wallet/', display: 'standalone' });
    const scope = await tab.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${server.origin}/wallet/`);
    await expectAccessible(tab.page, 'welcome');
    expect(tab.violations).toEqual([]);
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  });

  test('the main flow works from the keyboard alone, and every page passes axe', async () => {
    const bottega = await shop(server);
    const member = await enrolWithClaim(server.app, bottega);
    await bottega.earn({ memberId: member.id, amount: { amount: '50.00', currency: 'EUR' } });
    const tab = await walletPage(browser, server);
    const { page } = tab;
    await page.goto(member.claim.url);
    await page.getByLabel('Claim code').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Create a passkey' }).waitFor();

    /** Presses Tab until the element named `name` has the focus, as a keyboard user would. */
    async function tabTo(name: string) {
      for (let presses = 0; presses < 40; presses += 1) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
        if (focused === name) return;
      }
      throw new Error(`Tab never reached ${name}`);
    }
    await tabTo('Later');
    await page.keyboard.press('Enter');
    await page.getByTestId('unified-balance').waitFor();
    await tabTo('Card');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Coalition card' }).waitFor();
    await tabTo('Make a pay code');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-code').waitFor();

    for (const [link, heading] of [
      ['Status', 'Status'],
      ['Rewards', 'Rewards'],
      ['Pools', 'Pools'],
    ] as const) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await expectAccessible(page, link);
    }
    await page.goto(`${server.origin}/wallet/join#code=K7QF3M9XZP2A`);
    await expect.poll(() => page.getByLabel('Invite code').inputValue()).toBe('K7QF3M9XZP2A');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByText('This invite code is not valid.').waitFor();
    await expectAccessible(page, 'join with a refused code');
    expect(tab.violations).toEqual([]);
    expect(tab.errors).toEqual([]);
    await page.close();
  });

  test('asks the events feed every second of its own clock, so an earn shows within two seconds', async () => {
    const bottega = await shop(server);
    const member = await enrolWithClaim(server.app, bottega);
    const tab = await walletPage(browser, server);
    await claimInBrowser(tab, member.claim.url);
    const feedRequests: string[] = [];
    tab.page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/events') feedRequests.push(request.url());
    });
    // Wait for one poll, then stop the page's clock: from here only the test moves it.
    await expect.poll(() => feedRequests.length, { timeout: PAGE_TIMEOUT_MS }).toBeGreaterThan(0);
    await tab.page.clock.pauseAt(server.app.clock.nowMs + 600_000);
    const before = feedRequests.length;
    await tab.page.clock.runFor(1000);
    await expect.poll(() => feedRequests.length, { timeout: PAGE_TIMEOUT_MS }).toBeGreaterThan(before);
    await tab.page.clock.resume();
    await tab.page.close();
  });

  test("a member cannot open another member's pool, and sees only their own activity", async () => {
    const bottega = await shop(server);
    const owner = await enrolWithClaim(server.app, bottega);
    await bottega.earn({ memberId: owner.id, amount: { amount: '75.00', currency: 'EUR' } });
    const created = await server.app.request('POST', '/v1/pools', {
      token: await server.app.memberToken(owner.id),
      body: { kind: 'household', name: 'Casa Bianchi' },
    });
    expect(created.status).toBe(201);
    const stranger = await enrolWithClaim(server.app, bottega);
    const tab = await walletPage(other, server);
    await claimInBrowser(tab, stranger.claim.url);
    await tab.page.goto(`${server.origin}/wallet/pools/${created.body.id}`);
    await tab.page.getByText('This pool does not exist, or you are not in it.').waitFor();
    expect(await tab.page.getByText('Casa Bianchi').count()).toBe(0);
    await tab.page.getByRole('link', { name: 'Activity' }).click();
    await tab.page.getByText('Nothing here yet.').waitFor();
    expect(tab.violations).toEqual([]);
    await tab.page.close();
  });

  test("a page with a forged cookie, or a signed-out member's cookie, gets nothing", async () => {
    const bottega = await shop(server);
    const member = await enrolWithClaim(server.app, bottega);
    const tab = await walletPage(browser, server);
    await claimInBrowser(tab, member.claim.url);
    const [cookie] = (await browser.context.cookies(server.origin)).filter(
      (each) => each.name === '__Host-tessera-refresh',
    );
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    await tab.page.getByRole('button', { name: 'Sign out' }).click();
    await tab.page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();

    // The wallet's cookie is the only credential a page carries: send a forged one, or the one of
    // the session that just ended, in its place. (A service worker would take the requests out of
    // the test's reach, so this browser runs none.)
    const elsewhere = await phone(server, { serviceWorkers: 'block' });
    for (const value of [cookie?.value ?? '', 'tsr_forged-by-someone-else-0000000000000000000000']) {
      const stranger = await walletPage(elsewhere, server);
      const answers: number[] = [];
      await stranger.page.route(`${server.origin}/v1/sessions/refresh`, (route) =>
        route.continue({
          headers: { ...route.request().headers(), cookie: `__Host-tessera-refresh=${value}` },
        }),
      );
      stranger.page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/v1/sessions/refresh') answers.push(response.status());
      });
      await stranger.page.goto(`${server.origin}/wallet/`);
      await stranger.page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
      expect(answers).toEqual([401]);
      expect(await stranger.page.getByTestId('unified-balance').count()).toBe(0);
      await stranger.page.close();
    }
    await elsewhere.close();
    await tab.page.close();
  });

  test("another site cannot use the member's session (CSRF), and changes nothing", async () => {
    const bottega = await shop(server);
    const member = await enrolWithClaim(server.app, bottega);
    const tab = await walletPage(browser, server);
    await claimInBrowser(tab, member.claim.url);
    const before = await identitySnapshot(server.app);

    const attacker = await browser.context.newPage();
    const evil = `${server.otherSite}/prize`;
    await attacker.route(evil, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>You won</title>' }),
    );
    await attacker.goto(evil);
    // A script on the other site: the JSON body needs a preflight, which Tessera does not allow.
    const scripted = await attacker.evaluate(async (target) => {
      try {
        const response = await fetch(`${target}/v1/sessions/refresh`, {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        return `read ${response.status}`;
      } catch {
        return 'refused';
      }
    }, server.origin);
    expect(scripted).toBe('refused');
    // A plain form needs no preflight, but SameSite=Strict keeps the cookie off it.
    const answer = attacker.waitForResponse((response) => response.url().endsWith('/v1/sessions/refresh'));
    await attacker.evaluate((target) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = `${target}/v1/sessions/refresh`;
      form.enctype = 'text/plain';
      const input = document.createElement('input');
      input.name = '{"cookie":true,"x":"';
      input.value = '"}';
      form.append(input);
      document.body.append(form);
      form.submit();
    }, server.origin);
    expect((await answer).status()).toBeGreaterThanOrEqual(400);
    expect((await answer).status()).toBeLessThan(500);

    const after = await identitySnapshot(server.app);
    expect(after.sessions).toEqual(before.sessions);
    expect(after.refreshTokens).toEqual(before.refreshTokens);
    await attacker.close();
    await tab.page.close();
  });

  test('an injected inline script does not run: the policy blocks it and reports it', async () => {
    const tab = await walletPage(browser, server);
    await tab.page.goto(`${server.origin}/wallet/`);
    await tab.page.locator('main h1').first().waitFor();
    expect(tab.violations).toEqual([]);
    await tab.page.evaluate(() => {
      document.body.insertAdjacentHTML(
        'beforeend',
        '<img alt="" src="/wallet/icon.svg" onload="window.injected = true"><div id="x"></div>',
      );
      const script = document.createElement('script');
      script.textContent = 'window.injectedScript = true';
      document.body.append(script);
    });
    await expect.poll(() => tab.violations.length).toBeGreaterThanOrEqual(2);
    const ran = await tab.page.evaluate(() => {
      const page = window as unknown as { injected?: boolean; injectedScript?: boolean };
      return [page.injected ?? false, page.injectedScript ?? false];
    });
    expect(ran).toEqual([false, false]);
    await tab.page.close();
  });

  test('reads Italian from the browser, and from the profile: words, amounts and dates per locale', async () => {
    const italian = await phone(server, { locale: 'it-IT' });
    try {
      const bottega = await shop(server);
      const member = await enrolWithClaim(server.app, bottega);
      await bottega.earn({ memberId: member.id, amount: { amount: '1234.00', currency: 'EUR' } });
      const tab = await walletPage(italian, server);
      await claimInBrowser(tab, member.claim.url);
      await tab.page.getByRole('heading', { name: 'Il tuo saldo' }).waitFor();
      await expect.poll(() => tab.page.getByTestId('unified-balance').textContent()).toBe('1234');
      await tab.page.getByRole('link', { name: 'Movimenti' }).click();
      const entry = tab.page.locator('ul.activity li').first();
      await entry.waitFor();
      const text = (await entry.textContent()) ?? '';
      expect(text).toContain('Accumulati');
      expect(text).toContain('23 nov 2026');
      expect(text).toMatch(/1234,00\s€/);
      await expectAccessible(tab.page, 'activity in Italian');
      await tab.page.screenshot({ path: 'docs/screenshots/wallet-activity-it.png' });
      expect(tab.violations).toEqual([]);
      await tab.page.close();
    } finally {
      await italian.close();
    }

    const bottega = await shop(server);
    const member = await enrolWithClaim(server.app, bottega);
    const profile = await server.app.request('PATCH', '/v1/me/profile', {
      token: await server.app.memberToken(member.id),
      body: { locale: 'it-IT' },
    });
    expect(profile.status).toBe(200);
    const tab = await walletPage(browser, server);
    await claimInBrowser(tab, member.claim.url);
    await tab.page.getByRole('heading', { name: 'Il tuo saldo' }).waitFor();
    expect(await tab.page.evaluate(() => document.documentElement.lang)).toBe('it');
    await tab.page.close();
  });

  test('reserves from the catalogue and cancels the reservation: the points are held, then back', async () => {
    const bottega = await shop(server);
    const item = await approvedItem(server.app, bottega, { title: 'A sunset sail', pointsPrice: 150 });
    const member = await enrolWithClaim(server.app, bottega);
    await bottega.earn({ memberId: member.id, amount: { amount: '400.00', currency: 'EUR' } });
    const tab = await walletPage(browser, server);
    await claimInBrowser(tab, member.claim.url);
    const { page } = tab;
    await page.getByRole('link', { name: 'Rewards' }).click();
    const offer = page.locator('li', { hasText: 'A sunset sail' }).first();
    await offer.getByRole('button', { name: 'Reserve for 150 points' }).click();
    const reservation = page.locator('section', { hasText: 'My reservations' }).locator('li');
    await expect.poll(() => reservation.first().textContent()).toContain('150 points, reserved');
    await expectAccessible(page, 'rewards with a reservation');
    const token = await server.app.memberToken(member.id);
    expect((await server.app.request('GET', '/v1/me', { token })).body.available).toBe(250);
    await reservation.first().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => reservation.first().textContent()).toContain('150 points, cancelled');
    expect((await server.app.request('GET', '/v1/me', { token })).body.available).toBe(400);
    expect(item.id).toMatch(/^itm_/);
    expect(tab.violations).toEqual([]);
    await page.close();
  });

  // Last: it moves the server's clock almost three years on.
  test('draws the points expiring in the next 90 days as a timeline', async () => {
    const bottega = await shop(server);
    const member = await enrolWithClaim(server.app, bottega);
    await bottega.earn({ memberId: member.id, amount: { amount: '120.00', currency: 'EUR' } });
    server.app.clock.advance(40 * 86_400_000);
    await bottega.earn({ memberId: member.id, amount: { amount: '45.00', currency: 'EUR' } });
    // To 20 days before the first lot ends (36 months after its earn): the second ends 40 days later.
    const months36 = Date.UTC(2029, 10, 23, 9) - Date.UTC(2026, 10, 23, 9);
    server.app.clock.advance(months36 - 60 * 86_400_000);
    const recovery = await server.app.request('POST', `/v1/members/${member.id}/claim-codes`, {
      token: await bottega.token(),
      idempotencyKey: newKey('recovery'),
    });
    expect(recovery.status).toBe(201);
    const tab = await walletPage(browser, server);
    await claimInBrowser(tab, recovery.body.claim.url);
    const bars = tab.page.locator('.timeline rect.bar');
    await expect.poll(() => bars.count()).toBe(2);
    const caption = (await tab.page.locator('.timeline figcaption').textContent()) ?? '';
    expect(caption).toContain('120 points on');
    expect(caption).toContain('45 points on');
    await expectAccessible(tab.page, 'home with a timeline');
    await tab.page.screenshot({ path: 'docs/screenshots/wallet-expiring.png' });
    expect(tab.violations).toEqual([]);
    await tab.page.close();
  });
});

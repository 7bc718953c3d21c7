import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { enrolWithClaim } from '../../support/members.js';
import { phone, shop, type WalletServer, walletPage, walletServer } from './support.js';

/**
 * The member's side of the wall between the wallet and the console: a member signed in to the
 * wallet, with a passkey on this very device, opens the console of the same origin and gets the
 * staff sign-in only — the member's cookie is not a staff session, and the member's passkey signs
 * nobody in — and nothing is written on their behalf.
 */
let server: WalletServer;
let browser: IsolatedBrowser;
beforeAll(async () => {
  server = await walletServer();
  browser = await phone(server);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const staffRows = async () =>
  (
    (await server.app.deps.db.all(
      sql`SELECT (SELECT count(*) FROM staff_sessions) AS sessions, (SELECT count(*) FROM audit_log) AS audit`,
    )) as { sessions: number; audit: number }[]
  )[0];

describe('a member and the console', { timeout: 300_000 }, () => {
  test("a member's session and passkey open no console page, and change nothing", async () => {
    const bottega = await shop(server);
    const member = await enrolWithClaim(server.app, bottega);
    const tab = await walletPage(browser, server);
    const { page } = tab;
    await page.goto(member.claim.url);
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await page.getByRole('heading', { name: 'Your balance' }).waitFor();
    const passkeys = await server.app.request('GET', '/v1/me/passkeys', {
      token: await server.app.memberToken(member.id),
    });
    expect(passkeys.body.data).toHaveLength(1);
    const before = await staffRows();

    const answers: string[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/v1/staff/')) answers.push(`${path} ${response.status()}`);
    });
    // The same tab, the same origin, the member's cookie and authenticator: straight to a console page.
    await page.goto(`${server.origin}/console/#/settlement`);
    await page.getByRole('heading', { name: 'Tessera console' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(0);
    await expect.poll(() => answers).toContain('/v1/staff/sessions/refresh 401');

    // The authenticator offers the member's passkey; the console's sign-in refuses it.
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('alert').waitFor();
    expect(answers.filter((answer) => answer.startsWith('/v1/staff/sessions/passkey '))).toEqual([
      '/v1/staff/sessions/passkey 401',
    ]);
    expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(0);
    await page.goto(`${server.origin}/console/#/members`);
    await page.getByRole('heading', { name: 'Tessera console' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(0);

    expect(await staffRows()).toEqual(before);
    expect(tab.violations).toEqual([]);
    await page.close();
  });
});

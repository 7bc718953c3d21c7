import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type IsolatedBrowser, openIsolatedBrowser } from '../../support/chromium.js';
import { partnerClient, publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { type ServedApp, serveOverHttp } from '../../support/http-server.js';

/** Generous bounds for a loaded machine; nothing here measures speed. */
export const PAGE_TIMEOUT_MS = 30_000;
export const PHONE = { width: 375, height: 812 };

/**
 * Tessera served over real HTTP and reached as `http://localhost:<port>`: a secure context for
 * passkeys and `Secure` cookies, and the wallet origin (WALLET_ORIGINS, so also the passkeys' RP ID).
 */
export interface WalletServer {
  readonly app: TestApp;
  readonly origin: string;
  /** The same server under another site: a page there is cross-site to the wallet. */
  readonly otherSite: string;
  close(): Promise<void>;
}

export async function walletServer(environment: Record<string, string> = {}): Promise<WalletServer> {
  let app: TestApp | undefined;
  const served: ServedApp = await serveOverHttp((request) => {
    if (app === undefined) return new Response('starting', { status: 503 });
    return app.app.fetch(request);
  });
  const port = new URL(served.baseUrl).port;
  const origin = `http://localhost:${port}`;
  app = await TestApp.create({ environment: { ...environment, WALLET_ORIGINS: origin } });
  await publishRates(app);
  const started = app;
  return {
    app: started,
    origin,
    otherSite: served.baseUrl,
    async close() {
      await served.close();
      await started.close();
    },
  };
}

/** A phone (375×812) whose pages may reach the wallet's origin only. */
export async function phone(
  server: WalletServer,
  options: Pick<BrowserContextOptions, 'locale' | 'serviceWorkers'> = {},
): Promise<IsolatedBrowser> {
  return openIsolatedBrowser(server.origin, { viewport: PHONE, isMobile: true, hasTouch: true, ...options });
}

export interface WalletPage {
  readonly page: Page;
  /** Content-Security-Policy violations and uncaught errors the page reported: both must stay empty. */
  readonly violations: string[];
  readonly errors: string[];
  /** Replaces the tab's authenticator with a new, empty one: the member's new phone. */
  newDevice(): Promise<void>;
}

/**
 * A tab with Chromium's virtual platform authenticator (user-verifying, with resident keys), that
 * records every CSP violation and uncaught error. Its clock starts at the server's (test) clock
 * and runs, so that the countdowns the wallet draws agree with the times Tessera answers.
 */
export async function walletPage(browser: IsolatedBrowser, server: WalletServer): Promise<WalletPage> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  const violations: string[] = [];
  const errors: string[] = [];
  await page.exposeFunction('reportViolation', (directive: string, blocked: string) => {
    violations.push(`${directive} ${blocked}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportViolation: (a: string, b: string) => void })
        .reportViolation;
      report(event.violatedDirective, event.blockedURI);
    });
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.clock.install({ time: server.app.clock.nowMs });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const addAuthenticator = async () =>
    (
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          ctap2Version: 'ctap2_1',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      })
    ).authenticatorId;
  let authenticatorId = await addAuthenticator();
  const newDevice = async () => {
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    authenticatorId = await addAuthenticator();
  };
  return { page, violations, errors, newDevice };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (evaluated through the debugger, so the page's CSP stays as it is). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document);
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
  });
  expect(violations, `axe on ${name}`).toEqual([]);
}

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** A partner of the coalition (EUR, 1 point per euro), with the ledger shortcuts of the test suite. */
export function shop(server: WalletServer, name = 'Bottega Roma') {
  return partnerClient(server.app, {
    name,
    settlementCurrency: 'EUR',
    earnRate: '1',
    country: 'IT',
    sector: 'retail',
  });
}

/** Claims the wallet from the claim link in the tab, skips the passkey, and waits for the balance. */
export async function claimInBrowser(tab: WalletPage, claimUrl: string): Promise<void> {
  await tab.page.goto(claimUrl);
  await tab.page.getByRole('button', { name: /^(Claim|Attiva)$/ }).click();
  await tab.page.getByRole('link', { name: /^(Later|Più tardi)$/ }).click();
  await tab.page.getByTestId('unified-balance').waitFor();
}

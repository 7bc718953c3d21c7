import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CDPSession, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type IsolatedBrowser, openIsolatedBrowser } from '../../support/chromium.js';
import type { TestApp } from '../../support/harness.js';

/** The console's origin in the browser: https, so cookies are Secure and passkeys work. */
export const ORIGIN = 'https://console.tessera.example';
export const PAGE_TIMEOUT_MS = 60_000;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Headless Chromium whose requests to the console's origin are answered by the test app in
 * process (cookies and all), and whose requests anywhere else are refused and recorded.
 */
export async function consoleBrowser(app: TestApp): Promise<IsolatedBrowser> {
  const browser = await openIsolatedBrowser(ORIGIN);
  await browser.context.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    const headers = await request.allHeaders();
    const body = request.postDataBuffer();
    const response = await app.app.fetch(
      new Request(request.url(), {
        method: request.method(),
        headers,
        ...(body === null || request.method() === 'GET' ? {} : { body: new Uint8Array(body) }),
      }),
    );
    const answered: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') answered[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) answered['set-cookie'] = cookies.join('\n');
    await route.fulfill({
      status: response.status,
      headers: answered,
      body: Buffer.from(await response.arrayBuffer()),
    });
  });
  return browser;
}

export interface WatchedPage {
  readonly page: Page;
  readonly cdp: CDPSession;
  /** Content security policy violations the page reported (an inline script would be one). */
  readonly violations: string[];
  readonly errors: string[];
}

/** A tab with its own virtual passkey authenticator, watching for CSP violations and errors. */
export async function openConsole(browser: IsolatedBrowser, path = '/console/'): Promise<WatchedPage> {
  const page = await browser.context.newPage();
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
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
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
  });
  await page.goto(`${ORIGIN}${path}`, { timeout: PAGE_TIMEOUT_MS });
  return { page, cdp, violations, errors };
}

/** axe-core, injected through the DevTools protocol (no inline script), finds nothing serious. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.length,
    }));
  });
  const serious = violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(serious, `${what}: ${JSON.stringify(serious)}`).toEqual([]);
}

/** Waits until the locator's element is visible (Playwright's own wait, no sleep). */
export async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: PAGE_TIMEOUT_MS });
}

/** Waits until the locator's text contains `text`. */
export async function showsText(locator: Locator, text: string): Promise<void> {
  await expect
    .poll(async () => (await locator.first().textContent({ timeout: PAGE_TIMEOUT_MS })) ?? '', {
      timeout: PAGE_TIMEOUT_MS,
    })
    .toContain(text);
}

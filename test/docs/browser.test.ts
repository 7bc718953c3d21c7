// @module-tag deep — a headless Chromium: `npm run test:deep` runs it, `npm test` does not.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type IsolatedBrowser, openIsolatedBrowser } from '../support/chromium.js';
import { TestApp } from '../support/harness.js';
import { type ServedApp, serveOverHttp } from '../support/http-server.js';

/** Generous bounds for a loaded machine; nothing here measures speed. */
const PAGE_TIMEOUT_MS = 60_000;

describe('/docs in a real browser, with every other host out of reach', { timeout: 180_000 }, () => {
  let app: TestApp;
  let served: ServedApp;
  let browser: IsolatedBrowser;
  beforeAll(async () => {
    app = await TestApp.create();
    served = await serveOverHttp(app.app.fetch);
    browser = await openIsolatedBrowser(served.baseUrl);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await app?.close();
  });

  /** Opens a page and collects what would show that it is not self-contained or not allowed. */
  async function open(path: string) {
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
    const response = await page.goto(`${served.baseUrl}${path}`, { timeout: PAGE_TIMEOUT_MS });
    return { page, response, violations, errors };
  }

  // Swagger UI renders a long list of operations (150 tags and operations or more) only where the
  // reader scrolls, so the test reaches the earn operation the way a shared link does: by its
  // deep link, which also shows that deep links to an operation work.
  test('the earn operation is rendered, from assets Tessera serves itself, under a strict CSP', async () => {
    const { page, response, violations, errors } = await open('/docs#/Partner%3A%20ledger/earnPoints');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    const earn = page.locator('.opblock.opblock-post', {
      has: page.locator('.opblock-summary-path[data-path="/v1/earn"]'),
    });
    await earn.first().waitFor({ state: 'visible', timeout: PAGE_TIMEOUT_MS });
    expect(await earn.first().locator('.opblock-summary-method').textContent()).toBe('POST');

    await page.getByRole('link', { name: 'Partner guide' }).waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the partner guide is rendered from docs/partner-guide.md and links back to the reference', async () => {
    const { page, response, violations, errors } = await open('/docs/partner-guide');
    expect(response?.status()).toBe(200);
    const title = await page.locator('main h1').first().textContent({ timeout: PAGE_TIMEOUT_MS });
    expect(title).toContain('partner guide');
    expect(await page.locator('main pre code').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'API reference' }).getAttribute('href')).toBe('/docs');
    expect(browser.foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

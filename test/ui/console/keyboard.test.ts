import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import { TestApp } from '../../support/harness.js';
import { invite } from '../../support/staff.js';
import { consoleBrowser, ORIGIN, openConsole, showsText, visible } from './browser.js';

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

/** Presses Tab until the focused element's text (or label) starts with `name`; fails after 40 presses. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      const label = element?.closest('label')?.textContent ?? '';
      return `${element?.textContent ?? ''}|${label}`;
    });
    if (focused.split('|').some((text) => text.trim().startsWith(name))) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

describe('the console with the keyboard only', { timeout: 240_000 }, () => {
  test('a finance user joins, goes to FX rates and publishes a snapshot without a pointer', async () => {
    const invitation = await invite(app, { role: 'finance', name: 'Keyboard User' });
    const { page, violations, errors } = await openConsole(browser, `/console/#join=${invitation.body.code}`);
    await tabTo(page, 'Make a passkey and join');
    await page.keyboard.press('Enter');
    await visible(page.getByText('Keyboard User · finance'));

    await tabTo(page, 'FX rates');
    await page.keyboard.press('Enter');
    await visible(page.getByRole('heading', { name: 'FX rates' }));
    await tabTo(page, 'Rates, one per line');
    await page.keyboard.type('USD 1.0850');
    await tabTo(page, 'Publish');
    await page.keyboard.press('Enter');
    await showsText(page.getByRole('status'), 'Published fx_');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { IsolatedBrowser } from '../../support/chromium.js';
import type { TestApp } from '../../support/harness.js';
import { invite } from '../../support/staff.js';
import { openConsole, visible, type WatchedPage } from './browser.js';

/** A partner's staff user, invited by the operator, who joins in Chromium with a passkey. */
export async function partnerStaffPage(
  app: TestApp,
  browser: IsolatedBrowser,
  staff: { partnerId: string; role: 'admin' | 'finance'; name: string },
): Promise<WatchedPage> {
  const invitation = await invite(app, staff);
  expect(invitation.status, JSON.stringify(invitation.body)).toBe(201);
  const watched = await openConsole(browser, `/console/#join=${invitation.body.code}`);
  await watched.page.getByRole('button', { name: 'Make a passkey and join' }).click();
  await visible(watched.page.getByText(`${staff.name} · ${staff.role}`));
  return watched;
}

/**
 * Calls the API from the page with the signed-in staff user's own session (renewed from its
 * cookie), as a curious user could from the browser's console: what the pages do not offer, the
 * API must refuse. Answers each call's status.
 */
export async function statusesFromPage(
  page: Page,
  calls: readonly { method: string; path: string; body?: unknown }[],
): Promise<number[]> {
  return page.evaluate(async (requests) => {
    const refreshed = await fetch('/v1/staff/sessions/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cookie: true }),
    });
    const { accessToken } = (await refreshed.json()) as { accessToken: string };
    const statuses: number[] = [];
    for (const request of requests) {
      const response = await fetch(request.path, {
        method: request.method,
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      statuses.push(response.status);
    }
    return statuses;
  }, calls);
}

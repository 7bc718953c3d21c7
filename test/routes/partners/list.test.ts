import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestApp } from '../../support/harness.js';
import { expectMatrixOutcome, expectProblem, operatorOnlyMatrix, tokenFor } from './fixtures.js';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

async function onboardInOrder(names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    ids.push((await app.createPartner({ name })).id);
    app.clock.advance(1000);
  }
  return ids;
}

describe('GET /v1/partners', () => {
  test('lists partners newest first with their terms', async () => {
    const [first, second] = await onboardInOrder(['Harbor Hotel', 'Berlin Boutique']);
    const response = await app.request('GET', '/v1/partners', { token: await app.operatorToken() });
    expect(response.status).toBe(200);
    expect(response.body.data.map((partner: { id: string }) => partner.id)).toEqual([second, first]);
    expect(response.body.data[1]).toMatchObject({
      name: 'Harbor Hotel',
      earnRate: '1',
      issuePrice: '0.012',
      redeemRate: '0.009',
      status: 'active',
    });
    expect(response.body.nextCursor).toBeNull();
  });

  test('an empty network is an empty page', async () => {
    const response = await app.request('GET', '/v1/partners', { token: await app.operatorToken() });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: [], nextCursor: null });
  });

  test('pages with limit and cursor, each partner exactly once, and the last page has no cursor', async () => {
    const ids = await onboardInOrder(['A', 'B', 'C', 'D', 'E']);
    const token = await app.operatorToken();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
      const response = await app.request('GET', `/v1/partners${query}`, { token });
      expect(response.status).toBe(200);
      expect(response.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.data.map((partner: { id: string }) => partner.id));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  test('a full last page still says there is no next page', async () => {
    await onboardInOrder(['A', 'B']);
    const response = await app.request('GET', '/v1/partners?limit=2', { token: await app.operatorToken() });
    expect(response.body.data).toHaveLength(2);
    expect(response.body.nextCursor).toBeNull();
  });

  test('a partner onboarded while paging does not shift the next page', async () => {
    const [first, second, third] = await onboardInOrder(['A', 'B', 'C']);
    const token = await app.operatorToken();
    const firstPage = await app.request('GET', '/v1/partners?limit=2', { token });
    expect(firstPage.body.data.map((partner: { id: string }) => partner.id)).toEqual([third, second]);
    await app.createPartner({ name: 'Late arrival' });
    const nextPage = await app.request('GET', `/v1/partners?limit=2&cursor=${firstPage.body.nextCursor}`, {
      token,
    });
    expect(nextPage.body.data.map((partner: { id: string }) => partner.id)).toEqual([first]);
  });

  test.each([
    ['limit=0', 'query.limit'],
    ['limit=201', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['cursor=mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q', 'query.cursor'],
    ["cursor=ptn_' OR 1=1 --", 'query.cursor'],
  ])('%s is 422 validation_failed naming %s', async (query, path) => {
    const response = await app.request('GET', `/v1/partners?${query}`, { token: await app.operatorToken() });
    expectProblem(response, 422, 'validation_failed');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  test.each(operatorOnlyMatrix(200))('$principal: $status $code', async ({ principal, status, code }) => {
    await app.createPartner();
    const token = await tokenFor(app, principal);
    const response = await app.request('GET', '/v1/partners', { ...(token === undefined ? {} : { token }) });
    expectMatrixOutcome(response, { status, code });
    if (code !== null) expect(response.body).not.toHaveProperty('data');
  });
});

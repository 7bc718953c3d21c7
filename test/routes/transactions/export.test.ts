import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TRANSACTION_CSV_COLUMNS, transactionCsvStream } from '../../../src/ledger/transaction-export.js';
import { callerMatrix, callerToken } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { csvRowsOf, exportAs, MINUTE_MS, type TwoPartnerHistory, twoPartnerHistory } from './history.js';

/** GET /v1/transactions.csv: a partner's own transactions of a period, as CSV, oldest first. */
let app: TestApp;
let history: TwoPartnerHistory;
beforeEach(async () => {
  app = await TestApp.create();
  history = await twoPartnerHistory(app);
});
afterEach(async () => {
  await app.close();
});

const iso = (ms: number) => new Date(ms).toISOString();
const column = (name: (typeof TRANSACTION_CSV_COLUMNS)[number]) => TRANSACTION_CSV_COLUMNS.indexOf(name);
const wholeHistory = () => ({ from: iso(history.startedAt), to: iso(history.startedAt + 60 * MINUTE_MS) });

describe('GET /v1/transactions.csv', () => {
  test('a header row, then one row per transaction of the period, oldest first, money as decimal strings', async () => {
    const response = await exportAs(app, history.hotel, wholeHistory());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="transactions-${iso(history.startedAt).slice(0, 10)}-${iso(history.startedAt + 60 * MINUTE_MS).slice(0, 10)}.csv"`,
    );
    const [header, ...rows] = csvRowsOf(response.body);
    expect(header).toEqual([...TRANSACTION_CSV_COLUMNS]);
    expect(rows.map((row) => row[column('transaction_id')])).toEqual(
      Object.values(history.hotelTransactions),
    );
    const earn = rows[0] ?? [];
    const read = await app.request('GET', `/v1/transactions/${history.hotelTransactions.earn}`, {
      token: await history.hotel.token(),
    });
    expect(earn[column('created_at')]).toBe(read.body.createdAt);
    expect(earn[column('kind')]).toBe('earn');
    expect(earn[column('status')]).toBe('posted');
    expect(earn[column('member_id')]).toBe(history.guest);
    expect(earn[column('external_reference')]).toBe('folio-1');
    expect(earn[column('amount')]).toBe('542.50');
    expect(earn[column('currency')]).toBe('USD');
    expect(earn[column('points')]).toBe('500');
    expect(earn[column('points_reversed')]).toBe('100');
    expect(earn[column('amount_reversed')]).toBe('108.50');
    expect(earn[column('fx_rate')]).toBe(read.body.fx.rate);
    const redemption = rows[2] ?? [];
    expect(redemption[column('kind')]).toBe('redeem');
    expect(redemption[column('value')]).toBe('2.17');
    expect(redemption[column('value_currency')]).toBe('USD');
    const captured = rows[3] ?? [];
    expect(captured[column('status')]).toBe('captured');
    expect(captured[column('amount_captured')]).toBe('108.50');
    expect(captured[column('points_captured')]).toBe('100');
    const refund = rows[4] ?? [];
    expect(refund[column('original_transaction_id')]).toBe(history.hotelTransactions.earn);
  });

  test('`from` is included and `to` is not', async () => {
    const response = await exportAs(app, history.hotel, {
      from: iso(history.startedAt + 2 * MINUTE_MS),
      to: iso(history.startedAt + 7 * MINUTE_MS),
    });
    const [, ...rows] = csvRowsOf(response.body);
    const { pendingHold, redemption, capturedHold } = history.hotelTransactions;
    expect(rows.map((row) => row[0])).toEqual([pendingHold, redemption, capturedHold]);
  });

  test('takes the filters of GET /v1/transactions', async () => {
    const response = await exportAs(app, history.hotel, {
      ...wholeHistory(),
      kind: 'earn',
      status: 'pending',
    });
    expect(csvRowsOf(response.body).map((row) => row[0])).toEqual([
      'transaction_id',
      history.hotelTransactions.pendingHold,
    ]);
  });

  test('a period without transactions is the header row alone', async () => {
    const response = await exportAs(app, history.hotel, {
      from: '2025-01-01T00:00:00Z',
      to: '2025-02-01T00:00:00Z',
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe(`${TRANSACTION_CSV_COLUMNS.join(',')}\r\n`);
  });

  test('is read a page at a time and loses no row between pages, even rows created in the same millisecond', async () => {
    const { hotel, guest } = history;
    for (let index = 0; index < 3; index += 1)
      await hotel.earn({ memberId: guest, amount: { amount: '10.85', currency: 'USD' } });
    const filter = {
      partnerId: hotel.partner.id,
      createdFromMs: history.startedAt,
      createdToMs: app.clock.nowMs + 1,
    };
    const whole = await new Response(transactionCsvStream(app.deps.db, filter)).text();
    const byTwo = await new Response(transactionCsvStream(app.deps.db, filter, 2)).text();
    expect(csvRowsOf(whole)).toHaveLength(1 + 6 + 3);
    expect(byTwo).toBe(whole);
  });

  test.each([
    ['no period', {}, 'query.from'],
    ['`to` not after `from`', { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'query.to'],
    ['more than 366 days', { from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' }, 'query.to'],
    ['a date that is not RFC 3339', { from: '2026-11-01', to: '2026-12-01T00:00:00Z' }, 'query.from'],
  ])('refuses %s with 422 validation_failed naming it', async (_name, query, path) => {
    const response = await exportAs(app, history.hotel, query);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  test.each(callerMatrix('partner'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: history.hotel, memberId: history.guest });
    const response = await app.request('GET', `/v1/transactions.csv?${new URLSearchParams(wholeHistory())}`, {
      ...(token === undefined ? {} : { token }),
    });
    if (allowed) expect(response.status).toBe(200);
    else expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code });
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestApp } from '../../support/harness.js';
import {
  csvRowsOf,
  exportAs,
  listAs,
  MINUTE_MS,
  type TwoPartnerHistory,
  twoPartnerHistory,
} from './history.js';

/**
 * A partner never sees another partner's transactions or members, through any filter, any cursor
 * or any reference: the hotel and the bistro serve one member together and use the same
 * reference, and each asks for everything of the other's it could name.
 */
let app: TestApp;
let history: TwoPartnerHistory;
beforeAll(async () => {
  app = await TestApp.create();
  history = await twoPartnerHistory(app);
});
afterAll(async () => {
  await app.close();
});

type Side = 'hotel' | 'bistro';
const other = (side: Side): Side => (side === 'hotel' ? 'bistro' : 'hotel');
const partnerOf = (side: Side) => history[side];
const ownIds = (side: Side): string[] =>
  Object.values(side === 'hotel' ? history.hotelTransactions : history.bistroTransactions);
const iso = (ms: number) => new Date(ms).toISOString();

/** Every filter a partner could send, with the other partner's ids and references in them. */
function filters(side: Side): [string, Record<string, string>][] {
  const theirs = ownIds(other(side));
  return [
    ['no filter', {}],
    ['the shared member', { memberId: history.guest }],
    ["the other partner's own member", { memberId: history.diner }],
    ['the reference both use', { externalReference: 'folio-1' }],
    ["the other partner's reference", { externalReference: side === 'hotel' ? 'order-1' : 'booking-1' }],
    ...(['earn', 'redeem', 'reversal'] as const).map((kind): [string, Record<string, string>] => [
      `kind ${kind}`,
      { kind },
    ]),
    ...(['posted', 'pending', 'captured', 'voided'] as const).map(
      (status): [string, Record<string, string>] => [`status ${status}`, { status }],
    ),
    [
      'the whole period',
      { createdFrom: iso(history.startedAt), createdTo: iso(history.startedAt + 60 * MINUTE_MS) },
    ],
    ...theirs.map((id, index): [string, Record<string, string>] => [
      `their transaction ${index} as cursor`,
      { cursor: id },
    ]),
    ...theirs.map((id, index): [string, Record<string, string>] => [
      `their transaction ${index} as cursor, with the shared member`,
      { cursor: id, memberId: history.guest },
    ]),
  ];
}

describe('GET /v1/transactions and GET /v1/transactions.csv answer only the caller’s own transactions', () => {
  test.each(['hotel', 'bistro'] as const)(
    '%s, through every filter and cursor it could send',
    async (side) => {
      const own = ownIds(side);
      for (const [name, query] of filters(side)) {
        const listed = await listAs(app, partnerOf(side), { ...query, limit: 200 });
        expect(listed.status, name).toBe(200);
        for (const entry of listed.body.data) {
          expect(own, name).toContain(entry.id);
          expect(entry.partnerId, name).toBe(partnerOf(side).partner.id);
        }
        const { cursor: _cursor, createdFrom, createdTo, ...exportFilters } = query;
        const exported = await exportAs(app, partnerOf(side), {
          from: createdFrom ?? iso(history.startedAt),
          to: createdTo ?? iso(history.startedAt + 60 * MINUTE_MS),
          ...exportFilters,
        });
        expect(exported.status, name).toBe(200);
        for (const [id] of csvRowsOf(exported.body).slice(1)) expect(own, name).toContain(id);
      }
    },
  );

  test("each partner's whole list is exactly its own transactions", async () => {
    for (const side of ['hotel', 'bistro'] as const) {
      const listed = await listAs(app, partnerOf(side), { limit: 200 });
      expect(listed.body.data.map((entry: { id: string }) => entry.id).sort()).toEqual(
        [...ownIds(side)].sort(),
      );
    }
  });
});

describe('GET /v1/members?externalReference= finds only members the caller enrolled or served', () => {
  const lookup = async (side: Side, externalReference: string) =>
    app.request('GET', `/v1/members?${new URLSearchParams({ externalReference })}`, {
      token: await partnerOf(side).token(),
    });

  test.each([
    ['hotel', 'CARD-HOTEL-1', 'guest', true],
    ['bistro', 'CARD-HOTEL-1', 'guest', false],
    ['bistro', 'CARD-BISTRO-1', 'diner', true],
  ] as const)('%s finds %s (enrolled by it: %s)', async (side, reference, member, enrolledByYou) => {
    const response = await lookup(side, reference);
    expect(response.body.data).toEqual([
      {
        id: history[member],
        externalReference: reference,
        enrolledByYou,
        via: 'enrolment',
        createdAt: expect.any(String),
        contact: null,
      },
    ]);
  });

  test("another partner's member reads exactly as a reference nobody holds", async () => {
    const theirs = await lookup('hotel', 'CARD-BISTRO-1');
    const nobodys = await lookup('hotel', 'CARD-NOBODY-1');
    expect({ status: theirs.status, body: theirs.body }).toEqual({ status: 200, body: { data: [] } });
    expect({ status: nobodys.status, body: nobodys.body }).toEqual({ status: 200, body: { data: [] } });
  });
});

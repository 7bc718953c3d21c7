import { newKey, type PartnerClient, partnerClient, publishRates } from '../../support/coalition.js';
import type { TestApp } from '../../support/harness.js';

export const MINUTE_MS = 60_000;

/**
 * Two partners' transactions, a minute apart, of every kind and status: a hotel (USD) and a
 * bistro (EUR) both serve the hotel's guest; the bistro alone serves its diner. Both partners use
 * the reference `folio-1`, so that a filter by reference must tell them apart.
 */
export async function twoPartnerHistory(app: TestApp) {
  await publishRates(app);
  const hotel = await partnerClient(app);
  const bistro = await partnerClient(app, {
    name: 'Bistro Lumière',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  const guest = await hotel.enrol({ externalReference: 'CARD-HOTEL-1' });
  const diner = await bistro.enrol({ externalReference: 'CARD-BISTRO-1' });
  const startedAt = app.clock.nowMs;
  const created = async (write: Promise<{ status: number; body: any }>) => {
    const response = await write;
    if (response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    app.clock.advance(MINUTE_MS);
    return response.body.id as string;
  };
  const usd = (amount: string) => ({ amount, currency: 'USD' });
  const eur = (amount: string) => ({ amount, currency: 'EUR' });

  const earn = await created(
    hotel.earn({ memberId: guest, amount: usd('542.50'), externalReference: 'folio-1' }),
  );
  const bistroEarn = await created(
    bistro.earn({ memberId: guest, amount: eur('100.00'), externalReference: 'order-1' }),
  );
  const pendingHold = await created(
    hotel.earn({ memberId: guest, amount: usd('325.50'), externalReference: 'booking-1', hold: {} }),
  );
  const dinerEarn = await created(
    bistro.earn({ memberId: diner, amount: eur('50.00'), externalReference: 'folio-1' }),
  );
  const redemption = await created(
    hotel.redeem({ memberId: guest, points: 200, externalReference: 'order-9' }),
  );
  const capturedHold = await created(hotel.earn({ memberId: guest, amount: usd('108.50'), hold: {} }));
  await hotel.capture(capturedHold, {}, newKey());
  const dinerRedemption = await created(bistro.redeem({ memberId: diner, points: 20 }));
  const refund = await created(hotel.reverse(earn, { amount: usd('108.50'), reason: 'Minibar refunded' }));
  const voidedHold = await created(hotel.earn({ memberId: guest, amount: usd('54.25'), hold: {} }));
  await hotel.void(voidedHold);
  const dinerHold = await created(bistro.earn({ memberId: diner, amount: eur('30.00'), hold: {} }));
  return {
    hotel,
    bistro,
    guest,
    diner,
    startedAt,
    /** Each partner's transactions in the order they were created. */
    hotelTransactions: { earn, pendingHold, redemption, capturedHold, refund, voidedHold },
    bistroTransactions: { bistroEarn, dinerEarn, dinerRedemption, dinerHold },
  };
}

export type TwoPartnerHistory = Awaited<ReturnType<typeof twoPartnerHistory>>;

/** A partner's GET /v1/transactions with the query given. */
export async function listAs(
  app: TestApp,
  partner: PartnerClient,
  query: Record<string, string | number> = {},
) {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  return app.request('GET', `/v1/transactions?${search}`, { token: await partner.token() });
}

/** A partner's GET /v1/transactions.csv with the query given. */
export async function exportAs(app: TestApp, partner: PartnerClient, query: Record<string, string>) {
  return app.request('GET', `/v1/transactions.csv?${new URLSearchParams(query)}`, {
    token: await partner.token(),
  });
}

/** The rows of a CSV answer, header first, split on commas (the test data holds no quoted field). */
export function csvRowsOf(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

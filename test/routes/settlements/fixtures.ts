import { expect } from 'vitest';
import { closed } from '../../settlement/support.js';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../../support/coalition.js';
import type { TestApp, TestResponse } from '../../support/harness.js';

export const PRINCIPALS = ['no token', 'member token', 'partner token', 'operator token'] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

export function expectProblem(response: TestResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body.code).toBe(code);
}

/**
 * A coalition with one closed period: the hotel (USD) issued to a member who redeemed at the shop
 * (EUR) and the pharmacy (CZK); the pharmacy issued nothing. The hotel has an open dispute.
 */
export async function settledCoalition(app: TestApp) {
  await publishRates(app);
  const hotel = await partnerClient(app, {
    name: 'Harbor Hotel',
    settlementCurrency: 'USD',
    issuePrice: '0.012',
    redeemRate: '0.009',
  });
  const shop = await partnerClient(app, {
    name: 'Berlin Shop',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
    issuePrice: '0.011',
    redeemRate: '0.0095',
  });
  const pharmacy = await partnerClient(app, {
    name: 'Prague Pharmacy',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'CZK',
  });
  const memberId = await hotel.enrol();
  const earn = await hotel.earn(
    { memberId, amount: { amount: '1085.00', currency: 'USD' }, externalReference: 'folio-1' },
    'hotel-earn-1',
  );
  await shop.redeem({ memberId, points: 300, externalReference: 'basket-7' }, 'shop-redeem-1');
  await pharmacy.redeem({ memberId, points: 100 }, 'pharmacy-redeem-1');
  const view = await closed(app);
  const settlementId: string = view.settlement.settlementId;
  const lines = await app.request('GET', `/v1/settlements/${settlementId}/lines`, {
    token: await hotel.token(),
  });
  const hotelTransferId: string = lines.body.data[0].transferId;
  const dispute = await app.request('POST', `/v1/settlements/${settlementId}/disputes`, {
    token: await hotel.token(),
    idempotencyKey: newKey('dispute'),
    body: { transferIds: [hotelTransferId], reason: 'Folio 1 was cancelled' },
  });
  return {
    hotel,
    shop,
    pharmacy,
    memberId,
    earn: earn.body,
    view,
    settlementId,
    hotelTransferId,
    disputeId: dispute.body.id as string,
  };
}

export type SettledCoalition = Awaited<ReturnType<typeof settledCoalition>>;

export async function tokenFor(
  app: TestApp,
  principal: PrincipalName,
  partner: PartnerClient,
): Promise<string | undefined> {
  switch (principal) {
    case 'no token':
      return undefined;
    case 'member token':
      return app.memberToken('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q');
    case 'partner token':
      return partner.token();
    case 'operator token':
      return app.operatorToken();
  }
}

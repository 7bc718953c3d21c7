import { sql } from 'drizzle-orm';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import type { TestApp } from '../support/harness.js';

export const DAY_MS = 86_400_000;

/** A coalition for catalogue tests: a Berlin sports shop (EUR) that fulfils, a San Diego hotel (USD). */
export async function catalogueCoalition(app: TestApp) {
  await publishRates(app);
  const shop = await partnerClient(app, {
    name: 'Alpine Outfitters Munich',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '10',
    issuePrice: '0.012',
    redeemRate: '0.009',
  });
  const hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    sector: 'hotel',
    country: 'US',
    settlementCurrency: 'USD',
    earnRate: '10',
    issuePrice: '0.011',
    redeemRate: '0.0095',
  });
  return { shop, hotel };
}

/** A member of the partner with `points` points, earned in one purchase (10 points per EUR). */
export async function memberWithPoints(partner: PartnerClient, points: number): Promise<string> {
  const memberId = await partner.enrol();
  if (points > 0) await earn(partner, memberId, points);
  return memberId;
}

export async function earn(partner: PartnerClient, memberId: string, points: number) {
  const currency = partner.partner.settlementCurrency as string;
  // 10 points per reference unit; the amount in the partner's currency that earns exactly `points`.
  const rate = currency === 'USD' ? 1.085 : 1;
  const amount = ((points / 10) * rate).toFixed(2);
  const response = await partner.earn({ memberId, amount: { amount, currency } });
  if (response.status !== 201 || response.body.points !== points)
    throw new Error(`earn: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export const itemBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'experience',
  title: 'Guided trail run with a coach',
  description: 'Ten kilometres above the lake, coffee after.',
  place: 'Tegernsee, DE',
  startsAt: '2027-03-14T09:00:00.000Z',
  stock: 10,
  pointsPrice: 3000,
  settlementPrice: { amount: '40.00', currency: 'EUR' },
  availableFrom: '2026-11-01T00:00:00.000Z',
  availableUntil: '2027-03-01T00:00:00.000Z',
  ...overrides,
});

/** A partner's item, approved by the operator. */
export async function approvedItem(
  app: TestApp,
  partner: PartnerClient,
  overrides: Record<string, unknown> = {},
) {
  const created = await app.request('POST', '/v1/catalogue/items', {
    token: await partner.token(),
    body: itemBody(overrides),
    idempotencyKey: newKey('item'),
  });
  if (created.status !== 201) throw new Error(`item: ${created.status} ${JSON.stringify(created.body)}`);
  const reviewed = await app.request('POST', `/v1/catalogue/items/${created.body.id}/review`, {
    token: await app.operatorToken(),
    body: { decision: 'approve' },
  });
  if (reviewed.status !== 200) throw new Error(`review: ${reviewed.status} ${JSON.stringify(reviewed.body)}`);
  return reviewed.body;
}

export async function reserve(
  app: TestApp,
  memberId: string,
  body: Record<string, unknown>,
  key = newKey('reserve'),
) {
  return app.request('POST', '/v1/me/reservations', {
    token: await app.memberToken(memberId),
    body,
    idempotencyKey: key,
  });
}

export async function fulfil(app: TestApp, partner: PartnerClient, reservationId: string) {
  return app.request('POST', `/v1/reservations/${reservationId}/fulfilment`, {
    token: await partner.token(),
    idempotencyKey: newKey('fulfil'),
  });
}

export async function cancel(app: TestApp, partner: PartnerClient, reservationId: string) {
  return app.request('POST', `/v1/reservations/${reservationId}/cancellation`, {
    token: await partner.token(),
    idempotencyKey: newKey('cancel'),
  });
}

/** A member's lots, oldest expiry first: id, points left, expiry. */
export async function lotsOf(app: TestApp, memberId: string) {
  return (await app.deps.db.all(
    sql`SELECT id, points_remaining AS points, expires_at AS expiresAt FROM lots WHERE member_id = ${memberId} ORDER BY expires_at, id`,
  )) as { id: string; points: number; expiresAt: number }[];
}

export async function itemRow(app: TestApp, itemId: string) {
  const [row] = (await app.deps.db.all(
    sql`SELECT stock, reserved FROM catalogue_items WHERE id = ${itemId}`,
  )) as { stock: number; reserved: number }[];
  return row;
}

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

/** Opens a yearly choice for every member with at least `minPoints` now, closing in a week. */
export async function openSelection(app: TestApp, body: Record<string, unknown> = {}) {
  const response = await app.request('POST', '/v1/selections', {
    token: await app.operatorToken(),
    body: {
      name: 'Experiences 2027',
      cohort: { type: 'points', minPoints: 1, asOf: new Date(app.clock.nowMs).toISOString() },
      closesAt: new Date(app.clock.nowMs + 7 * DAY_MS).toISOString(),
      ...body,
    },
  });
  if (response.status !== 201)
    throw new Error(`selection: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function closeSelectionNow(app: TestApp, selectionId: string) {
  return app.request('POST', `/v1/selections/${selectionId}/close`, { token: await app.operatorToken() });
}

/** Gift cards for the given members: a yearly choice in which none of them chooses, closed. */
export async function giftCardsFor(app: TestApp, memberIds: readonly string[]) {
  const selection = await openSelection(app, {
    cohort: { type: 'points', minPoints: 1, asOf: new Date(app.clock.nowMs).toISOString() },
  });
  app.clock.advance(8 * DAY_MS);
  await publishRates(app);
  const closed = await closeSelectionNow(app, selection.id);
  if (closed.body.status !== 'closed') throw new Error(`close: ${JSON.stringify(closed.body)}`);
  const cards: Record<string, { id: string; code: string; currency: string }> = {};
  for (const memberId of memberIds) {
    const token = await app.memberToken(memberId);
    const mine = await app.request('GET', '/v1/me/gift-cards', { token });
    const card = mine.body.data[0];
    const code = await app.request('POST', `/v1/me/gift-cards/${card.id}/code`, { token });
    cards[memberId] = { id: card.id, code: code.body.code, currency: card.balance.currency };
  }
  return { selection, cards };
}

export async function spendCard(
  app: TestApp,
  partner: PartnerClient,
  code: string,
  amount: string,
  currency: string,
  key = newKey('spend'),
) {
  return app.request('POST', '/v1/gift-cards/payments', {
    token: await partner.token(),
    body: { code, amount: { amount, currency } },
    idempotencyKey: key,
  });
}

import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import type { TestApp } from '../support/harness.js';

export const DAY_MS = 86_400_000;

const benefits = (
  description: string,
  multiplier: string | null,
  fundedBy: 'network' | 'partner' = 'network',
) => ({
  description,
  earnMultiplier: multiplier === null ? null : { multiplier, fundedBy },
  roomUpgradeEligible: false,
  perks: [],
});

/** Silver 1,000 (1.1x, the network pays), Gold 3,000 (1.25x, the network pays, room upgrades), Platinum 6,000 (1.5x, the partner pays). */
export const TIERS = [
  {
    code: 'silver',
    name: 'Silver',
    threshold: 1000,
    lifetimeAfterYears: null,
    benefits: benefits('10% bonus points on every earn.', '1.1'),
  },
  {
    code: 'gold',
    name: 'Gold',
    threshold: 3000,
    lifetimeAfterYears: 10,
    benefits: {
      ...benefits('25% bonus points, room upgrades when available.', '1.25'),
      roomUpgradeEligible: true,
      perks: ['late_checkout'],
    },
  },
  {
    code: 'platinum',
    name: 'Platinum',
    threshold: 6000,
    lifetimeAfterYears: null,
    benefits: benefits('50% bonus points, paid by the partner you earn at.', '1.5', 'partner'),
  },
];

export async function publishTiers(app: TestApp, tiers: readonly unknown[] = TIERS) {
  const response = await app.request('PUT', '/v1/status/tiers', {
    token: await app.operatorToken(),
    body: { tiers },
  });
  if (response.status !== 201)
    throw new Error(`publishTiers: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A hotel in San Diego (USD), a shop in Berlin (EUR, 2 points per euro) and a pharmacy in Prague (CZK, prescriptions earn nothing). */
export async function threeCountries(
  app: TestApp,
): Promise<{ hotel: PartnerClient; shop: PartnerClient; pharmacy: PartnerClient }> {
  await publishRates(app);
  const hotel = await partnerClient(app, { name: 'Harbor Hotel San Diego', settlementCurrency: 'USD' });
  const shop = await partnerClient(app, {
    name: 'Mitte Mode Berlin',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '2',
    issuePrice: '0.011',
    redeemRate: '0.0095',
  });
  const pharmacy = await partnerClient(app, {
    name: 'Lékárna U Anděla Praha',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'CZK',
    issuePrice: '0.0125',
    redeemRate: '0.0085',
    categoryMultipliers: { prescription: '0' },
  });
  return { hotel, shop, pharmacy };
}

/** The member's status as their app shows it. */
export async function myStatus(app: TestApp, memberId: string, path = '/v1/me/status') {
  const response = await app.request('GET', path, { token: await app.memberToken(memberId) });
  if (response.status !== 200)
    throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The member's events of the given types, oldest first. */
export async function memberEvents(app: TestApp, memberId: string, types: string) {
  const response = await app.request('GET', `/v1/events?types=${types}&limit=500`, {
    token: await app.memberToken(memberId),
  });
  return response.body.data as { type: string; data: Record<string, any> }[];
}

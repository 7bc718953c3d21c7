import type { BenchPartner, Coalition } from './coalition.js';
import type { BenchRequest } from './load.js';
import type { PartnerTokens } from './tokens.js';

export type Scenario = 'jwks' | 'balance' | 'earn' | 'redeem' | 'poolRedeem';

const REDEEM_POINTS = 5;
/** Multipliers of a partner's typical purchase, so amounts (and points) vary. */
const AMOUNT_SCALES = [1n, 2n, 3n, 5n];

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A decimal string times a small integer, keeping its decimals ("12.500" x 3 = "37.500"). */
function scaleAmount(amount: string, scale: bigint): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const scaled = (BigInt(whole + fraction) * scale).toString().padStart(fraction.length + 1, '0');
  return fraction.length === 0
    ? scaled
    : `${scaled.slice(0, -fraction.length)}.${scaled.slice(-fraction.length)}`;
}

/**
 * Request builders for each measured route: a fresh Idempotency-Key per write, a real token of a
 * random partner, and a random member (earn, redeem and balance use members outside households;
 * pool redemptions are made by household members from their own household).
 */
export function scenarios(
  coalition: Coalition,
  tokens: PartnerTokens,
  runId: string,
): Record<Scenario, () => BenchRequest> {
  let counter = 0;
  const idempotencyKey = () => `bench-${runId}-${(counter += 1)}`;
  const pooled = new Set(coalition.households.flatMap((household) => household.memberIds));
  const solo = coalition.memberIds.filter((id) => !pooled.has(id));
  const partnerWrite = (path: string, bodyFor: (partner: BenchPartner) => unknown): BenchRequest => {
    const partner = pick(coalition.partners);
    const headers = {
      authorization: tokens.bearer(partner.id),
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey(),
    };
    return { method: 'POST', path, headers, body: JSON.stringify(bodyFor(partner)) };
  };
  return {
    jwks: () => ({ method: 'GET', path: '/.well-known/jwks.json', headers: {} }),
    balance: () => ({
      method: 'GET',
      path: `/v1/members/${pick(solo)}/balance`,
      headers: { authorization: tokens.bearer(pick(coalition.partners).id) },
    }),
    earn: () =>
      partnerWrite('/v1/earn', (partner) => ({
        memberId: pick(solo),
        amount: {
          amount: scaleAmount(partner.typicalAmount, pick(AMOUNT_SCALES)),
          currency: partner.currency,
        },
        externalReference: `receipt-${counter}`,
      })),
    redeem: () => partnerWrite('/v1/redeem', () => ({ memberId: pick(solo), points: REDEEM_POINTS })),
    poolRedeem: () => {
      const household = pick(coalition.households);
      return partnerWrite('/v1/redeem', () => ({
        memberId: pick(household.memberIds),
        points: REDEEM_POINTS,
        source: { type: 'pool', poolId: household.poolId },
      }));
    },
  };
}

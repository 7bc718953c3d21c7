import { sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { createApp } from '../src/app.js';
import { signNetworkToken } from '../src/auth/tokens.js';
import type { Config } from '../src/config.js';
import { type BatchStatement, runBatch } from '../src/db/database.js';
import { insertMemberStatements } from '../src/db/members.js';
import { buildNodeDependencies, type NodeDependencies } from '../src/node-dependencies.js';
import { earnStatements } from './earn-statements.js';

/** 1 EUR (the reference currency) = x of each. */
export const BENCH_RATES: Record<string, string> = {
  USD: '1.0850',
  CZK: '25.320',
  JPY: '162.35',
  GBP: '0.8600',
  KWD: '0.3345',
};
const CURRENCIES = [
  { currency: 'EUR', country: 'DE', amount: '40.00' },
  { currency: 'USD', country: 'US', amount: '45.00' },
  { currency: 'CZK', country: 'CZ', amount: '990.00' },
  { currency: 'JPY', country: 'JP', amount: '6400' },
  { currency: 'GBP', country: 'GB', amount: '35.00' },
  { currency: 'KWD', country: 'KW', amount: '12.500' },
] as const;
const SECTORS = [
  'hotel',
  'retail',
  'pharmacy',
  'restaurant',
  'grocery',
  'travel',
  'fuel',
  'entertainment',
] as const;

export interface BenchPartner {
  readonly id: string;
  readonly currency: string;
  /** A typical purchase in the partner's currency, as a wire decimal string. */
  readonly typicalAmount: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

export interface Coalition {
  readonly partners: BenchPartner[];
  readonly memberIds: string[];
  readonly households: { poolId: string; memberIds: string[] }[];
  readonly operatorToken: string;
  readonly audience: string;
  /** Points each member starts with (one earn each, seeded before the server starts). */
  readonly openingPoints: number;
}

export interface SeedSize {
  readonly partners: number;
  readonly members: number;
  readonly households: number;
  readonly householdSize: number;
}

type App = ReturnType<typeof createApp>;

async function call(
  app: App,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const response = await app.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300)
    throw new Error(`seed ${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

/**
 * Seeds a coalition into the database file before the server starts: partners, their keys and the
 * FX rates through the real app in-process (same routes as over HTTP); members with the app's own
 * insert statements in large batches; one opening earn per member planned by `planEarn` and
 * committed in large batches; households through the member routes.
 */
export async function seedCoalition(
  config: Config,
  size: SeedSize,
  log: (message: string) => void = () => {},
): Promise<Coalition> {
  const deps = await buildNodeDependencies(config);
  const startedAt = performance.now();
  const step = (what: string) => log(`seed: ${what} at ${Math.round(performance.now() - startedAt)} ms`);
  try {
    const app = createApp(deps);
    const settings = {
      issuer: config.tokenIssuer,
      audience: config.tokenAudience,
      clockToleranceSeconds: config.clockToleranceSeconds,
    };
    const operatorToken = await signNetworkToken(deps.networkKeys, settings, {
      kind: 'operator',
      subject: 'bench',
      ttlSeconds: 86_400,
      nowMs: Date.now(),
    });
    await call(app, 'PUT', '/v1/fx-rates', operatorToken, { rates: BENCH_RATES });
    const partners = await seedPartners(app, operatorToken, size.partners);
    step('partners and keys');
    const memberIds = await seedMembers(deps, partners, size.members);
    step('members');
    const openingPoints = await seedOpeningBalances(deps, partners, memberIds);
    step('opening balances');
    const households = await seedHouseholds(app, deps, memberIds, size, settings);
    step('households');
    await deps.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    return { partners, memberIds, households, operatorToken, audience: config.tokenAudience, openingPoints };
  } finally {
    await deps.close();
  }
}

async function seedPartners(app: App, operatorToken: string, count: number): Promise<BenchPartner[]> {
  const partners: BenchPartner[] = [];
  for (let index = 0; index < count; index += 1) {
    const place = CURRENCIES[index % CURRENCIES.length] ?? CURRENCIES[0];
    const partner = await call(app, 'POST', '/v1/partners', operatorToken, {
      name: `Bench partner ${index + 1}`,
      sector: SECTORS[index % SECTORS.length],
      country: place.country,
      settlementCurrency: place.currency,
      earnRate: '1',
      issuePrice: '0.012',
      redeemRate: '0.009',
    });
    const id = String(partner.id);
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `bench-${index + 1}`;
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256' };
    await call(app, 'POST', `/v1/partners/${id}/keys`, operatorToken, { publicJwk });
    partners.push({ id, currency: place.currency, typicalAmount: place.amount, kid, privateKey });
  }
  return partners;
}

const MEMBERS_PER_BATCH = 1000;

async function seedMembers(
  deps: NodeDependencies,
  partners: readonly BenchPartner[],
  count: number,
): Promise<string[]> {
  const memberIds: string[] = [];
  for (let start = 0; start < count; start += MEMBERS_PER_BATCH) {
    const statements: BatchStatement[] = [];
    for (let index = start; index < Math.min(count, start + MEMBERS_PER_BATCH); index += 1) {
      const partner = partners[index % partners.length];
      if (partner === undefined) throw new Error('no partners');
      const id = deps.ids('mem');
      memberIds.push(id);
      statements.push(
        ...insertMemberStatements(deps.db, {
          id,
          externalReference: `BENCH-${index}`,
          enrolledByPartnerId: partner.id,
          createdAt: deps.clock(),
        }),
      );
    }
    await runBatch(deps.db, statements);
  }
  return memberIds;
}

const EARNS_PER_BATCH = 500;
const OPENING_POINTS = 500;

/**
 * One 500 EUR earn per member at a EUR partner (earn rate 1): 500 points each, written with the
 * statements a real earn writes (see `earnStatements`) in large batches, without the per-request
 * reads, which would make seeding slower than the bench itself.
 */
async function seedOpeningBalances(
  deps: NodeDependencies,
  partners: readonly BenchPartner[],
  memberIds: readonly string[],
): Promise<number> {
  const euroPartners = partners.filter((partner) => partner.currency === 'EUR');
  const [snapshot] = (await deps.db.all(
    sql`SELECT id FROM fx_snapshots ORDER BY as_of DESC, id DESC LIMIT 1`,
  )) as { id: string }[];
  if (snapshot === undefined) throw new Error('no FX snapshot');
  let statements: BatchStatement[] = [];
  for (const [index, memberId] of memberIds.entries()) {
    const partner = euroPartners[index % euroPartners.length];
    if (partner === undefined) throw new Error('no EUR partner');
    statements.push(
      ...earnStatements(deps.db, deps.ids, {
        partnerId: partner.id,
        memberId,
        points: OPENING_POINTS,
        amountMinor: OPENING_POINTS * 100,
        currency: 'EUR',
        fxSnapshotId: snapshot.id,
        fxRate: '1',
        idempotencyKey: `opening-${index}`,
        nowMs: deps.clock(),
        expiryMonths: deps.config.pointsExpiryMonths,
      }),
    );
    if ((index + 1) % EARNS_PER_BATCH === 0) {
      await runBatch(deps.db, statements);
      statements = [];
    }
  }
  await runBatch(deps.db, statements);
  return OPENING_POINTS;
}

/** Households of `householdSize` members: the owner creates it, invites, and each invitee joins with their own token. */
async function seedHouseholds(
  app: App,
  deps: NodeDependencies,
  memberIds: readonly string[],
  size: SeedSize,
  settings: { issuer: string; audience: string; clockToleranceSeconds: number },
): Promise<{ poolId: string; memberIds: string[] }[]> {
  const memberToken = (memberId: string) =>
    signNetworkToken(deps.networkKeys, settings, {
      kind: 'member',
      subject: memberId,
      ttlSeconds: 3600,
      nowMs: Date.now(),
    });
  const households: { poolId: string; memberIds: string[] }[] = [];
  // Households take the last members, so earn/redeem traffic on the first ones stays apart from pool traffic.
  const first = memberIds.length - size.households * size.householdSize;
  for (let household = 0; household < size.households; household += 1) {
    const ids = memberIds.slice(
      first + household * size.householdSize,
      first + (household + 1) * size.householdSize,
    );
    const [owner, ...invitees] = ids;
    if (owner === undefined) break;
    const pool = await call(app, 'POST', '/v1/pools', await memberToken(owner), {
      kind: 'household',
      name: `Bench household ${household + 1}`,
    });
    const poolId = String(pool.id);
    for (const invitee of invitees) {
      const invite = await call(app, 'POST', `/v1/pools/${poolId}/invites`, await memberToken(owner));
      await call(app, 'POST', '/v1/pools/join', await memberToken(invitee), { code: invite.code });
    }
    households.push({ poolId, memberIds: ids });
  }
  const [pledged] = (await deps.db.all(
    sql`SELECT COUNT(*) AS count FROM pool_members WHERE left_at IS NULL`,
  )) as { count: number }[];
  if (Number(pledged?.count ?? 0) < households.length * size.householdSize)
    throw new Error('households were not all seeded');
  return households;
}

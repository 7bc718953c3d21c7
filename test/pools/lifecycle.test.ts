import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';
import { addMember, fromPool, type PoolApi, poolApi, redeemFrom } from './fixtures.js';

/**
 * The "done when": a household forms, spends together at partners in four currencies,
 * members leave and the household breaks up, and not a single point is lost or created. After
 * every step the ledger's invariants hold, every wallet holds exactly what a model of the steps
 * says (only redemptions move points, and only out of the wallets they name), and the points
 * issued equal the points in wallets plus the points redeemed at partners.
 */
let app: TestApp;
let api: PoolApi;
let hotel: PartnerClient;
let shop: PartnerClient;
let pharmacy: PartnerClient;
let bookshop: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    sector: 'hotel',
    country: 'US',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  shop = await partnerClient(app, {
    name: 'Mitte Mode Berlin',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  pharmacy = await partnerClient(app, {
    name: 'Lékárna U Anděla',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'CZK',
    earnRate: '1',
  });
  bookshop = await partnerClient(app, {
    name: 'Marylebone Books',
    sector: 'retail',
    country: 'GB',
    settlementCurrency: 'GBP',
    earnRate: '1',
  });
  api = poolApi(app);
});
afterEach(async () => {
  await app.close();
});

interface Accounts {
  wallets: Map<string, number>;
  issued: number;
  redeemed: Map<string, number>;
  other: number;
}

async function accounts(): Promise<Accounts> {
  const rows = (await app.deps.db.all(sql`SELECT kind, owner_id AS ownerId, balance FROM accounts`)) as {
    kind: string;
    ownerId: string | null;
    balance: number;
  }[];
  const result: Accounts = { wallets: new Map(), issued: 0, redeemed: new Map(), other: 0 };
  for (const row of rows) {
    if (row.kind === 'wallet') result.wallets.set(row.ownerId as string, row.balance);
    else if (row.kind === 'issuance') result.issued -= row.balance;
    else if (row.kind === 'redemption') result.redeemed.set(row.ownerId as string, row.balance);
    else result.other += row.balance;
  }
  return result;
}

/** What the ledger must hold: each wallet, and what each partner has redeemed. */
class Model {
  readonly wallets = new Map<string, number>();
  readonly redeemed = new Map<string, number>();
  issued = 0;

  earned(memberId: string, response: TestResponse): void {
    expect(response.status).toBe(201);
    this.wallets.set(memberId, (this.wallets.get(memberId) ?? 0) + (response.body.points as number));
    this.issued += response.body.points as number;
  }

  /** A redemption moves exactly its draws out of the wallets named, into the partner's account. */
  redeemedAt(partner: PartnerClient, response: TestResponse, points: number): void {
    expect(response.status).toBe(201);
    const draws = response.body.draws as { memberId: string; points: number }[];
    expect(draws.reduce((total, draw) => total + draw.points, 0)).toBe(points);
    for (const draw of draws)
      this.wallets.set(draw.memberId, (this.wallets.get(draw.memberId) ?? 0) - draw.points);
    this.redeemed.set(partner.partner.id, (this.redeemed.get(partner.partner.id) ?? 0) + points);
  }

  /** After every step: invariants, every wallet and partner account as modelled, nothing lost or created. */
  async check(): Promise<void> {
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
    const actual = await accounts();
    for (const [memberId, points] of this.wallets)
      expect(actual.wallets.get(memberId), memberId).toBe(points);
    for (const [partnerId, points] of this.redeemed)
      expect(actual.redeemed.get(partnerId), partnerId).toBe(points);
    const inWallets = [...actual.wallets.values()].reduce((total, points) => total + points, 0);
    const redeemed = [...actual.redeemed.values()].reduce((total, points) => total + points, 0);
    expect(actual.issued).toBe(this.issued);
    expect(actual.other).toBe(0);
    expect(inWallets + redeemed).toBe(actual.issued);
  }
}

describe('a household forms, spends together anywhere, and breaks up without losing or creating a point', () => {
  test('San Diego, Berlin and Prague share a proportional household, spend in four currencies, leave and dissolve', async () => {
    const model = new Model();
    const ana = await hotel.enrol({ externalReference: 'CARD-ANA' });
    const ben = await shop.enrol({ externalReference: 'CARD-BEN' });
    const cecilie = await pharmacy.enrol({ externalReference: 'CARD-CECILIE' });
    const dana = await pharmacy.enrol({ externalReference: 'CARD-DANA' });

    // Earn: 542.50 USD = 500 EUR, 240.00 EUR, and twice 2532.00 CZK = 100 EUR.
    model.earned(ana, await hotel.earn({ memberId: ana, amount: { amount: '542.50', currency: 'USD' } }));
    model.earned(ben, await shop.earn({ memberId: ben, amount: { amount: '240.00', currency: 'EUR' } }));
    model.earned(
      cecilie,
      await pharmacy.earn({ memberId: cecilie, amount: { amount: '2532.00', currency: 'CZK' } }),
    );
    model.earned(
      dana,
      await pharmacy.earn({ memberId: dana, amount: { amount: '2532.00', currency: 'CZK' } }),
    );
    expect([...model.wallets.values()]).toEqual([500, 240, 100, 100]);
    await model.check();

    // Form: every join and pledge leaves every wallet as it was.
    const created = await api.create(ana, {
      kind: 'household',
      name: 'Our family',
      drawPolicy: 'proportional',
    });
    expect(created.status).toBe(201);
    const poolId = created.body.id as string;
    await model.check();
    for (const member of [ben, cecilie, dana]) {
      await addMember(app, poolId, ana, member);
      await model.check();
    }
    expect((await api.pledge(poolId, dana, 50)).status).toBe(200);
    expect((await api.permissions(poolId, ana, cecilie, { monthlyLimitPoints: 200 })).status).toBe(200);
    await model.check();
    expect((await api.read(poolId, ben)).body).toMatchObject({
      totalPoints: 890,
      drawPolicy: 'proportional',
    });

    // London, 300 points for Ana, proportional to capacities 500, 240, 100, 50 (of 890):
    // exact 168.54, 80.90, 33.71, 16.85 -> floors 168, 80, 33, 16 (297); the 3 left go to the
    // largest remainders .90 (Ben), .85 (Dana), .71 (Cecilie): 168, 81, 34, 17.
    const london = await redeemFrom(bookshop, ana, 300, fromPool(poolId));
    expect(london.body.draws).toEqual([
      { memberId: ana, poolId, points: 168 },
      { memberId: ben, poolId, points: 81 },
      { memberId: cecilie, poolId, points: 34 },
      { memberId: dana, poolId, points: 17 },
    ]);
    model.redeemedAt(bookshop, london, 300);
    await model.check();

    // Prague, 150 for Ben; San Diego, 200 for Cecilie (her monthly limit); Berlin, 100 for Dana.
    const prague = await redeemFrom(pharmacy, ben, 150, fromPool(poolId));
    model.redeemedAt(pharmacy, prague, 150);
    await model.check();
    const sanDiego = await redeemFrom(hotel, cecilie, 200, fromPool(poolId));
    model.redeemedAt(hotel, sanDiego, 200);
    await model.check();
    expect((await redeemFrom(hotel, cecilie, 1, fromPool(poolId))).body.code).toBe('monthly_limit_reached');
    await model.check();
    const berlin = await redeemFrom(shop, dana, 100, fromPool(poolId));
    model.redeemedAt(shop, berlin, 100);
    await model.check();
    // Dana's cap of 50 held across all of it.
    const danaGave = [london, prague, sanDiego, berlin]
      .flatMap((response) => response.body.draws as { memberId: string; points: number }[])
      .filter((draw) => draw.memberId === dana);
    expect(danaGave.reduce((total, draw) => total + draw.points, 0)).toBeLessThanOrEqual(50);

    // Leave: Dana leaves, the owner removes Ben; each takes their wallet whole.
    const beforeLeaving = await accounts();
    expect((await api.leave(poolId, dana)).status).toBe(200);
    await model.check();
    expect((await api.remove(poolId, ana, ben)).status).toBe(200);
    await model.check();
    expect((await accounts()).wallets).toEqual(beforeLeaving.wallets);
    const benLeft = model.wallets.get(ben) as number;
    const danaLeft = model.wallets.get(dana) as number;
    expect(benLeft).toBeGreaterThan(0);
    expect(danaLeft).toBeGreaterThan(0);

    // The rest of the household spends again: Ben's and Dana's wallets are no longer drawn.
    const pool = await api.read(poolId, ana);
    const remaining = pool.body.totalPoints as number;
    expect(remaining).toBe((model.wallets.get(ana) as number) + (model.wallets.get(cecilie) as number));
    const again = await redeemFrom(bookshop, ana, remaining, fromPool(poolId));
    expect((again.body.draws as { memberId: string }[]).map((draw) => draw.memberId).sort()).toEqual(
      [ana, cecilie].sort(),
    );
    model.redeemedAt(bookshop, again, remaining);
    await model.check();

    // Ben spends what he took with him, all of it, from his own wallet.
    const benOwn = await redeemFrom(shop, ben, benLeft);
    model.redeemedAt(shop, benOwn, benLeft);
    await model.check();

    // Break up: dissolving moves nothing.
    expect((await api.dissolve(poolId, ana)).status).toBe(200);
    await model.check();
    for (const member of [ana, ben, cecilie, dana]) {
      const me = await api.me(member);
      expect(me.body.pools).toEqual([]);
      expect(me.body.unifiedAvailable).toBe(me.body.available);
      expect(me.body.available).toBe(model.wallets.get(member));
    }
    expect(model.wallets.get(dana)).toBe(danaLeft);

    // Every point issued is in a wallet or was redeemed at a partner: 940 issued, 940 accounted for.
    expect(model.issued).toBe(940);
    const final = await accounts();
    expect(
      [...final.wallets.values()].reduce((total, points) => total + points, 0) +
        [...final.redeemed.values()].reduce((total, points) => total + points, 0),
    ).toBe(940);
    // Every redeemed point names the lot it came from, so settlement can trace it to its issuer.
    const provenance = (await app.deps.db.all(
      sql`SELECT COALESCE(SUM(d.points), 0) AS points FROM lot_draws d JOIN transfers f ON f.id = d.transfer_id WHERE f.kind = 'redeem'`,
    )) as { points: number }[];
    expect(provenance[0]?.points).toBe(
      [...final.redeemed.values()].reduce((total, points) => total + points, 0),
    );
  });
});

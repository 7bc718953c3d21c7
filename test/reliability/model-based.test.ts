// @module-tag deep — thousands of generated requests: `npm run test:deep` runs it, `npm test` does not.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type PartnerClient, partnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { balanceTotal, DEEP, report } from './support/checks.js';
import { ledgerProblems } from './support/ledger-checks.js';
import { LedgerModel } from './support/ledger-model.js';
import { commandArbitraries, EARN_RATES } from './support/model-commands.js';
import { newWorld } from './support/model-world.js';

/**
 * Promise 1: random command sequences against the real HTTP app — earn, hold, capture (full or
 * part), void, redeem (wallet, pool, auto; by points or by amount), refund and return (full or
 * part), pool join/leave/pledge, time passing with the expiry sweep, and settlement closes — each
 * compared with a small model (ledger-model.ts) after every command: every member's available,
 * pending, owed, pool and unified balance, and wallet; each close's statements against the
 * model's flows. Each run has fresh members and a fresh household on one shared app.
 *
 * A failure prints the seed, the path and the commands' replayPath. Replay it with
 *   FC_SEED=<seed> FC_PATH=<path> [FC_REPLAY_PATH=<replayPath>] npx vitest run test/reliability/model-based.test.ts
 * FC_NUM_RUNS and FC_MAX_COMMANDS override the run count and the commands per run.
 */
const RUNS = Number(process.env.FC_NUM_RUNS ?? (DEEP ? 5000 : 200));
const MAX_COMMANDS = Number(process.env.FC_MAX_COMMANDS ?? (DEEP ? 20 : 6));
const replay =
  process.env.FC_SEED === undefined
    ? {}
    : { seed: Number(process.env.FC_SEED), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) };
const replayPath = process.env.FC_REPLAY_PATH === undefined ? {} : { replayPath: process.env.FC_REPLAY_PATH };

let app: TestApp;
let partners: PartnerClient[];
let settlement = false;

beforeAll(async () => {
  // A one-month expiry, so that clock moves of up to 40 days see lots expire; NORMAL sync keeps
  // hundreds of runs fast (durability is the crash test's business, not this one's).
  app = await TestApp.create({
    environment: { POINTS_EXPIRY_MONTHS: '1', RATE_LIMIT_PER_MINUTE: '0', DATABASE_SYNCHRONOUS: 'NORMAL' },
  });
  partners = [];
  for (const [index, [numerator, denominator]] of EARN_RATES.entries()) {
    partners.push(
      await partnerClient(app, {
        name: `Model partner ${index}`,
        settlementCurrency: 'EUR',
        earnRate: String(numerator / denominator),
      }),
    );
  }
  const document = (await app.request('GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  settlement = document.paths['/v1/settlements']?.post !== undefined;
});
afterAll(async () => {
  await app.close();
});

/** Each run opens with an earn per member (0 to 300 EUR), so that the commands have points to move. */
const openingEarns = fc.array(
  fc.tuple(fc.nat({ max: EARN_RATES.length - 1 }), fc.integer({ min: 0, max: 30_000 })),
  { minLength: 3, maxLength: 3 },
);

async function fundMembers(model: LedgerModel, members: readonly string[], seeds: [number, number][]) {
  for (const [member, [partner, amountMinor]] of seeds.entries()) {
    const client = partners[partner];
    if (client === undefined || amountMinor < 100) continue;
    const response = await client.earn({
      memberId: members[member],
      amount: { amount: (amountMinor / 100).toFixed(2), currency: 'EUR' },
    });
    expect(response.status).toBe(201);
    model.applyEarn(response.body.id, member, partner, amountMinor, response.body.points);
  }
}

describe('the ledger agrees with a model after every command', () => {
  test(`${RUNS} random command sequences through the HTTP app`, {
    timeout: 60_000 + RUNS * MAX_COMMANDS * 1000,
  }, async () => {
    const counts = new Map<string, number>();
    const count = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);
    let runs = 0;
    const startedMs = performance.now();
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commandArbitraries(settlement), { maxCommands: MAX_COMMANDS, ...replayPath }),
        openingEarns,
        async (commands, seeds) => {
          const world = await newWorld(app, partners, count);
          if (settlement) {
            // Each run starts a period of its own, so its closes count only its own activity.
            const opening = await app.request('POST', '/v1/settlements', {
              token: await app.operatorToken(),
              body: {},
            });
            expect([200, 201]).toContain(opening.status);
          }
          const model = new LedgerModel(app.clock.nowMs, partners.length, 1);
          await fundMembers(model, world.members, seeds);
          await fc.asyncModelRun(() => ({ model, real: world }), commands);
          expect(await balanceTotal(app.deps.db)).toBe(0);
          runs += 1;
          if (runs % 500 === 0)
            report('model-based progress', {
              runs,
              seconds: Math.round((performance.now() - startedMs) / 1000),
            });
        },
      ),
      { numRuns: RUNS, ...replay },
    );
    const commandsRun = [...counts.values()].reduce((total, value) => total + value, 0);
    report('model-based', { runs, commandsRun, settlement, perCommand: Object.fromEntries(counts) });
    expect(await ledgerProblems(app.deps.db)).toEqual({});
    for (const name of [
      'Earn',
      'Resolve',
      'Redeem',
      'Reverse',
      'Membership',
      'Advance',
      ...(settlement ? ['Close'] : []),
    ]) {
      expect(counts.get(name) ?? 0, name).toBeGreaterThan(0);
    }
  });
});

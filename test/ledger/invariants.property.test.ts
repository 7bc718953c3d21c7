import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { expectEventsReplayTheLedger } from '../events/replay.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  interleaveDatabaseCalls,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { CLOSING, LedgerWorld, operation, WARM_UP } from './random-operations.js';

/**
 * The ledger's invariants hold after every step of a long random sequence of partner writes
 * (earn, hold, capture in full or part, void, redeem by points or by amount, refund in part or
 * in full, return, clock moves with expiry sweeps and FX republishing, idempotent replays, key
 * reuse, and bursts of concurrent writes), the operator's goodwill credits and the members' own
 * keyed pool writes, across three members and five partners in USD, CZK, JPY, KWD and EUR, with
 * tiers whose earn multipliers the network or the partner funds (bonuses credited with earns and
 * captures, taken back with refunds) and gap gifts.
 *
 * On failure fast-check prints the shrunk sequence with its `seed` and `path`. To replay it:
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/ledger/invariants.property.test.ts
 * FC_NUM_RUNS raises the number of sequences for a longer hunt (the default keeps `npm test` fast).
 */
const RUNS = Number(process.env.FC_NUM_RUNS ?? 15);
const replay =
  process.env.FC_SEED === undefined
    ? {}
    : { seed: Number(process.env.FC_SEED), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) };

describe('ledger invariants under random operation sequences', () => {
  test('balances sum to 0, no wallet below 0, balances equal transfers, lots equal wallets, reversals bounded, model agrees', {
    timeout: 60_000 + RUNS * 3_000,
  }, async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(operation, { minLength: 10, maxLength: 40 })
          .map((random) => [...WARM_UP, ...random, ...CLOSING]),
        async (operations) => {
          // A short expiry (1 month), so that the clock moves of a sequence see lots expire.
          const app = await TestApp.create({ environment: { POINTS_EXPIRY_MONTHS: '1' } });
          try {
            const world = await LedgerWorld.create(app);
            // Bursts then really race: each write plans on reads the others may change.
            interleaveDatabaseCalls(app);
            for (const step of operations) {
              await world.run(step);
              await expectLedgerInvariants(app);
              await expectTransactionInvariants(app);
              await world.expectModelMatches();
            }
            // The outbox tells the same story: its events replay to these wallets and statuses.
            await expectEventsReplayTheLedger(app);
            for (const [outcome, count] of world.outcomes)
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + count);
          } finally {
            await app.close();
          }
        },
      ),
      { numRuns: RUNS, ...replay },
    );
    // The sequences must actually exercise the ledger, not just bounce off refusals.
    for (const outcome of [
      'earn 201',
      'capture 200',
      'redeemPoints 201',
      'redeemAmount 201',
      'refund 201',
      'return 201',
      'replay 201',
      'replay 200',
      'goodwill 201',
      'pledge 200',
      'reuseKey 422 idempotency_key_reused',
      'sweep expired points',
      'tier bonus network',
      'tier bonus partner',
      'tier bonus reversed',
    ]) {
      expect(outcomes.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    }
  });
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectLedgerInvariants, expectTransactionInvariants } from '../support/coalition.js';
import { TestApp, TestClock } from '../support/harness.js';
import { ledgerInvariantViolations } from './d1-ledger.js';
import type { ExchangeLog } from './exchanges.js';
import { runLedgerScenario } from './ledger-scenario.js';
import { LocalWorker, WORKER_START_TIMEOUT_MS } from './support.js';

// A worker of its own: the scenario closes a settlement period, which settles the whole network,
// so it must run on a D1 that holds nothing else, as the Node build's fresh database does.
let worker: LocalWorker;
beforeAll(async () => {
  worker = await LocalWorker.start();
}, WORKER_START_TIMEOUT_MS);
afterAll(async () => {
  await worker?.stop();
}, 15_000);

test('the coalition scenario is exact at every step on the Worker and on Node, and both answer the same statuses and bodies', async () => {
  const onWorker = await runLedgerScenario(worker);
  expect(await ledgerInvariantViolations(worker)).toEqual({
    balance_total: 0,
    negative_wallets: 0,
    balances_off_transfers: 0,
    wallets_off_lots: 0,
  });

  const onNode = await runOnNode();

  const [workerExchanges, nodeExchanges] = [onWorker.normalised(), onNode.normalised()];
  expect(workerExchanges.map((exchange) => exchange.step)).toEqual(
    nodeExchanges.map((exchange) => exchange.step),
  );
  nodeExchanges.forEach((exchange, index) => expect(workerExchanges[index]).toEqual(exchange));
});

/** The scenario on the Node build, on a clock set to now like the worker's real one; the scenario never moves it. */
async function runOnNode(): Promise<ExchangeLog> {
  const node = await TestApp.create({ clock: new TestClock(Date.now()) });
  try {
    const log = await runLedgerScenario(node);
    await expectLedgerInvariants(node);
    await expectTransactionInvariants(node);
    return log;
  } finally {
    await node.close();
  }
}

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { loadConfig } from '../src/config.js';
import { measureWorkerBundle } from './bundle.js';
import { type SeedSize, seedCoalition } from './coalition.js';
import { type BenchRequest, round, runLoad } from './load.js';
import { summarizeProfiles } from './profile.js';
import { measureRawDatabase } from './raw-db.js';
import {
  type BenchResults,
  cpuPressure,
  loadAverage,
  machine,
  type RoutePair,
  summary,
  targets,
  writeResults,
} from './report.js';
import { scenarios } from './scenarios.js';
import { freePort, ServerProcess } from './server.js';
import { type CloseFigures, LedgerFiller, timeClose, warmRunningTotals } from './settlement.js';
import { PartnerTokens } from './tokens.js';
import { ensureWrk, runWrk } from './wrk.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    synchronous: { type: 'string' },
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string' },
    label: { type: 'string', default: '' },
    profile: { type: 'string' },
  },
});

const quick = args.quick ?? false;
const synchronousArgument = (args.synchronous ?? process.env.DATABASE_SYNCHRONOUS ?? 'FULL').toUpperCase();
if (synchronousArgument !== 'FULL' && synchronousArgument !== 'NORMAL')
  throw new Error('--synchronous must be FULL or NORMAL');
const synchronous: 'FULL' | 'NORMAL' = synchronousArgument;
const connections = Number(args.connections);
const halfPeakConnections = Math.max(8, Math.floor(connections / 2));
const phaseSeconds = Number(args.seconds ?? (quick ? 3 : 10));
// Households are seeded through the member routes, the slowest part of seeding: fewer in --quick.
const size: SeedSize = { partners: 24, members: 10_000, households: quick ? 50 : 100, householdSize: 4 };

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  // Also on Ctrl-C, when the `finally` below never runs (the server child is killed by its own hook).
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  const databaseUrl = `file:${join(directory, 'tessera.db')}`;
  const loaded = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_SYNCHRONOUS: synchronous,
    HOST: '127.0.0.1',
  });
  if (!loaded.ok) throw new Error(loaded.error);
  const { config } = loaded;
  let server: ServerProcess | undefined;
  const loadAtStart = loadAverage();
  const pressureAtStart = cpuPressure();
  try {
    log(
      `seeding ${size.partners} partners, ${size.members} members, ${size.households} households into ${directory}`,
    );
    const seedStart = performance.now();
    const coalition = await seedCoalition(config, size, log);
    const seedSeconds = round((performance.now() - seedStart) / 1000, 1);
    copyFileSync(join(directory, 'tessera.db'), join(directory, 'raw.db'));

    server = await ServerProcess.start({
      databaseUrl,
      synchronous,
      port: await freePort(),
      profileDirectory: args.profile,
    });
    log(`server up in ${round(server.startupMs, 0)} ms (pid ${server.pid})`);
    const tokens = new PartnerTokens(coalition.partners, coalition.audience);
    await tokens.start();
    const next = scenarios(coalition, tokens, Date.now().toString(36));
    const url = server.url;
    const serverCpuSeconds = () => server?.cpuSeconds() ?? 0;
    const load = (request: () => BenchRequest, overallRate?: number) =>
      runLoad({
        url,
        connections: overallRate === undefined ? connections : halfPeakConnections,
        durationSeconds: phaseSeconds,
        next: request,
        serverCpuSeconds,
        ...(overallRate === undefined ? {} : { overallRate }),
      });
    const pair = async (name: string, request: () => BenchRequest): Promise<RoutePair> => {
      log(`${name}: full load, ${connections} connections, ${phaseSeconds} s`);
      const peak = await load(request);
      const rate = Math.max(1, Math.round(peak.throughput / 2));
      log(`${name}: ${peak.throughput}/s; now ${rate}/s for latency`);
      return { peak, halfPeak: await load(request, rate) };
    };

    log('warm-up');
    await runLoad({ url, connections: 8, durationSeconds: quick ? 1 : 2, next: next.earn });
    await runLoad({ url, connections: 8, durationSeconds: 1, next: next.balance });

    log(`raw HTTP: GET /.well-known/jwks.json, ${connections} connections, autocannon`);
    const rawHttp = { route: 'GET /.well-known/jwks.json', ...(await load(next.jwks)) };
    log(`raw HTTP: GET /.well-known/jwks.json, ${connections} connections, wrk`);
    const wrkMissing = ensureWrk(log);
    const rawHttpWrk =
      wrkMissing !== null
        ? { error: wrkMissing }
        : await runWrk({
            url,
            path: '/.well-known/jwks.json',
            connections,
            durationSeconds: phaseSeconds,
            serverCpuSeconds,
          }).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
    const balance = await pair('balance read', next.balance);
    // Right before the earns it is compared with, on the seeded copy, while the server idles: on a
    // shared machine, figures taken minutes apart drift with whatever else runs.
    log('raw database: the statements of an earn, batched through @libsql/client');
    const rawDatabase = await measureRawDatabase({
      databaseUrl: `file:${join(directory, 'raw.db')}`,
      synchronous,
      coalition,
      durationSeconds: phaseSeconds,
      driver: 'libsql-client',
    });
    log('raw database: the same, one batch at a time through the embedded client');
    const rawDatabaseEmbedded = await measureRawDatabase({
      databaseUrl: `file:${join(directory, 'raw.db')}`,
      synchronous,
      coalition,
      durationSeconds: phaseSeconds,
      driver: 'embedded',
    });
    log(
      `raw database: the same, ${connections} batches in flight through the embedded client (group commit)`,
    );
    const rawDatabaseGrouped = await measureRawDatabase({
      databaseUrl: `file:${join(directory, 'raw.db')}`,
      synchronous,
      coalition,
      durationSeconds: phaseSeconds,
      driver: 'embedded',
      inFlight: connections,
    });
    const earn = await pair('earn', next.earn);
    const redeem = await pair('redeem', next.redeem);
    const poolRedeem = await pair('pool redeem', next.poolRedeem);
    tokens.stop();

    const settlement = await measureSettlement(config, server, coalition.operatorToken, databaseUrl);
    const peakResidentMiB = round(server.peakResidentKiB() / 1024, 1);
    const startupMs = round(server.startupMs, 0);
    const serverPid = server.pid;
    await server.stop();
    server = undefined;
    const profile = args.profile === undefined ? null : summarizeProfiles(args.profile, serverPid);

    log('Worker bundle: wrangler deploy --dry-run');
    const bundle = await measureWorkerBundle();

    const minRaw = Math.min(rawHttp.throughput, rawDatabase.batchesPerSecond);
    const rawHttpCpu = rawHttp.serverCpuMicrosPerRequest;
    const cpuMultiple = (route: { peak: { serverCpuMicrosPerRequest: number | null } }) =>
      route.peak.serverCpuMicrosPerRequest === null || rawHttpCpu === null || rawHttpCpu === 0
        ? null
        : round(route.peak.serverCpuMicrosPerRequest / rawHttpCpu, 2);
    const partial: Omit<BenchResults, 'targets'> = {
      date: new Date().toISOString(),
      label: args.label ?? '',
      quick,
      machine: machine(),
      loadAverage: { start: loadAtStart, end: loadAverage() },
      cpuPressure: { start: pressureAtStart, end: cpuPressure() },
      settings: { synchronous, connections, halfPeakConnections, phaseSeconds },
      coalition: {
        ...size,
        currencies: new Set(coalition.partners.map((partner) => partner.currency)).size,
        seedSeconds,
      },
      startupMs,
      peakResidentMiB,
      raw: {
        http: rawHttp,
        httpWrk: rawHttpWrk,
        database: rawDatabase,
        databaseEmbedded: rawDatabaseEmbedded,
        databaseGrouped: rawDatabaseGrouped,
      },
      routes: { earn, redeem, poolRedeem, balance },
      ratios: {
        earnOverMinRaw: round(earn.peak.throughput / minRaw, 2),
        balanceOverRawHttp: round(balance.peak.throughput / rawHttp.throughput, 2),
        redeemOverMinRaw: round(redeem.peak.throughput / minRaw, 2),
        poolRedeemOverMinRaw: round(poolRedeem.peak.throughput / minRaw, 2),
        cpuOverRawHttp: {
          earn: cpuMultiple(earn),
          redeem: cpuMultiple(redeem),
          poolRedeem: cpuMultiple(poolRedeem),
          balance: cpuMultiple(balance),
        },
      },
      settlement,
      bundle,
      profile,
    };
    const results: BenchResults = { ...partial, targets: targets(partial) };
    const file = writeResults(results);
    log(`results written to ${file} and bench/results/latest.json`);
    for (const text of summary(results)) console.log(text);
  } finally {
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * A first close takes what the load phases wrote; then periods of 10k transfers and, in a full
 * run, of 1M. Each close is reported on its own: a failure leaves a stated gap, never a made-up
 * figure.
 */
async function measureSettlement(
  config: Parameters<typeof timeClose>[0]['config'],
  server: ServerProcess,
  operatorToken: string,
  databaseUrl: string,
): Promise<BenchResults['settlement']> {
  const client = createClient({ url: databaseUrl, timeout: 30_000 });
  const gaps: string[] = [];
  const filler = new LedgerFiller(client, `b${Date.now().toString(36)}`);
  const close = async (label: string, transfers: number): Promise<CloseFigures | null> => {
    log(`settlement: ${label}`);
    try {
      const generationSeconds = transfers === 0 ? 0 : await filler.addTransfers(transfers);
      await warmRunningTotals(server.url, operatorToken);
      return { ...(await timeClose({ url: server.url, operatorToken, config, client })), generationSeconds };
    } catch (error) {
      const gap = `${label}: ${error instanceof Error ? error.message : String(error)} (${server.status()})`;
      log(`settlement not measured: ${gap}`);
      gaps.push(gap);
      return null;
    }
  };
  // A close reads the running totals, not the period's transfers, so it takes milliseconds and one
  // sample is mostly noise: each size is closed several times (one period each), the median kept.
  const median = async (
    label: string,
    transfers: number,
    periods: number,
  ): Promise<{ figures: CloseFigures | null; samplesMs: number[] }> => {
    const samples: CloseFigures[] = [];
    for (let period = 1; period <= periods; period += 1) {
      const figures = await close(`${label}, period ${period} of ${periods}`, transfers);
      if (figures !== null) samples.push(figures);
    }
    const sorted = [...samples].sort((a, b) => a.closeMs - b.closeMs);
    return {
      figures: sorted[Math.floor(sorted.length / 2)] ?? null,
      samplesMs: samples.map((figures) => figures.closeMs),
    };
  };
  try {
    await client.execute('PRAGMA busy_timeout = 30000');
    const afterLoad = await close('closing the period the load wrote', 0);
    const tenThousand = await median('10k transfers', 10_000, 5);
    const million = quick
      ? { figures: null, samplesMs: [] }
      : await median('1M transfers (generated by direct SQL through the triggers)', 1_000_000, 3);
    return {
      afterLoad,
      close10k: tenThousand.figures,
      close10kSamplesMs: tenThousand.samplesMs,
      close1M: million.figures,
      close1MSamplesMs: million.samplesMs,
      gap: gaps.length === 0 ? null : gaps.join('; '),
    };
  } finally {
    client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});

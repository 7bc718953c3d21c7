import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BundleFigures } from './bundle.js';
import { type LoadFigures, round } from './load.js';
import type { ThreadProfile } from './profile.js';
import type { RawDatabaseFigures } from './raw-db.js';
import type { CloseFigures } from './settlement.js';
import type { WrkFigures } from './wrk.js';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

export interface RoutePair {
  /** Full load: as many requests as the server answers. */
  readonly peak: LoadFigures;
  /** A fixed rate of about half the peak: the latency a partner sees in normal operation. */
  readonly halfPeak: LoadFigures;
}

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly value: number | null;
  readonly met: boolean | null;
}

export interface BenchResults {
  readonly date: string;
  readonly label: string;
  readonly quick: boolean;
  readonly machine: { cpuModel: string; cores: number; node: string; platform: string };
  /** /proc/loadavg (1, 5, 15 min) when the run started and ended: other work on a shared machine skews every figure. */
  readonly loadAverage: { start: number[]; end: number[] };
  /** /proc/pressure/cpu "some avg60" (% of time tasks waited for a CPU) at the start and the end. */
  readonly cpuPressure: { start: number | null; end: number | null };
  readonly settings: {
    synchronous: 'FULL' | 'NORMAL';
    connections: number;
    halfPeakConnections: number;
    phaseSeconds: number;
  };
  readonly coalition: {
    partners: number;
    currencies: number;
    members: number;
    households: number;
    householdSize: number;
    seedSeconds: number;
  };
  readonly startupMs: number;
  readonly peakResidentMiB: number;
  readonly raw: {
    /** The raw HTTP limit of the ratios: autocannon, the client every route is measured with. */
    http: LoadFigures & { route: string };
    /** The same route driven by wrk, a client that is not the bottleneck. */
    httpWrk: WrkFigures | { error: string };
    /** The raw database limit of the ratios: one earn batch per commit through `@libsql/client`. */
    database: RawDatabaseFigures;
    /** The same loop through Tessera's embedded client (kept statements, writer thread). */
    databaseEmbedded: RawDatabaseFigures;
    /** The same batches, as many in flight as the load has connections: group commit's capacity. */
    databaseGrouped: RawDatabaseFigures;
  };
  readonly routes: { earn: RoutePair; redeem: RoutePair; poolRedeem: RoutePair; balance: RoutePair };
  readonly ratios: {
    earnOverMinRaw: number;
    balanceOverRawHttp: number;
    redeemOverMinRaw: number;
    poolRedeemOverMinRaw: number;
    /** Server CPU per request of each route, as a multiple of the raw HTTP route's (autocannon phase). */
    cpuOverRawHttp: {
      earn: number | null;
      redeem: number | null;
      poolRedeem: number | null;
      balance: number | null;
    };
  };
  readonly settlement: {
    afterLoad: CloseFigures | null;
    /** The median of five 10k periods. */
    close10k: CloseFigures | null;
    close10kSamplesMs: number[];
    /** The median of three 1M periods (not in --quick). */
    close1M: CloseFigures | null;
    close1MSamplesMs: number[];
    gap: string | null;
  };
  readonly bundle: BundleFigures | { error: string };
  /** With --profile: the heaviest functions of each server thread by self time, and its time by layer. */
  readonly profile: Record<string, ThreadProfile> | null;
  readonly targets: Target[];
}

export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return {
    cpuModel: model,
    cores: cpus().length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

const atMost = (name: string, goal: number, value: number | null): Target => ({
  name,
  goal: `<= ${goal}`,
  value,
  met: value === null ? null : value <= goal,
});
const atLeast = (name: string, goal: number, value: number | null): Target => ({
  name,
  goal: `>= ${goal}`,
  value,
  met: value === null ? null : value >= goal,
});

export function targets(results: Omit<BenchResults, 'targets'>): Target[] {
  const { ratios, routes, settlement, bundle } = results;
  const closeRatio =
    settlement.close1M !== null && settlement.close10k !== null
      ? round(settlement.close1M.closeMs / settlement.close10k.closeMs, 2)
      : null;
  const bundleKiB = 'gzipBytes' in bundle ? round(bundle.gzipBytes / 1024, 1) : null;
  const cpu = (route: RoutePair) => route.peak.serverCpuMicrosPerRequest;
  return [
    atMost('earn server CPU per request (µs)', 1000, cpu(routes.earn)),
    atMost('redeem server CPU per request (µs)', 1000, cpu(routes.redeem)),
    atMost('pool redeem server CPU per request (µs)', 1500, cpu(routes.poolRedeem)),
    atMost('balance read server CPU per request (µs)', 400, cpu(routes.balance)),
    atMost('earn CPU / raw HTTP CPU', 4, ratios.cpuOverRawHttp.earn),
    atMost('balance read CPU / raw HTTP CPU', 1.7, ratios.cpuOverRawHttp.balance),
    atLeast('earn throughput / min(raw HTTP, raw DB)', 1, ratios.earnOverMinRaw),
    atLeast('balance read throughput / raw HTTP', 0.5, ratios.balanceOverRawHttp),
    atMost('earn p99 latency at half of peak (ms)', 20, routes.earn.halfPeak.p99Ms),
    atMost('settlement close 1M / close 10k', 2, closeRatio),
    atMost('Worker bundle gzip (KiB)', 250, bundleKiB),
  ];
}

export function writeResults(results: BenchResults): string {
  mkdirSync(RESULTS, { recursive: true });
  const name = `${results.date.replace(/[:.]/g, '-')}${results.quick ? '-quick' : ''}.json`;
  const text = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(`${RESULTS}${name}`, text);
  writeFileSync(`${RESULTS}latest.json`, text);
  return `bench/results/${name}`;
}

export function loadAverage(): number[] {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

export function cpuPressure(): number | null {
  try {
    const match = /^some .*avg60=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null;
  }
}

const line = (label: string, route: RoutePair, cpuMultiple: number | null) =>
  `${label.padEnd(22)} ${String(route.peak.throughput).padStart(9)}/s (${route.peak.serverCpuMicrosPerRequest} µs server CPU each, ${cpuMultiple ?? '?'}x raw HTTP)   at ${String(route.halfPeak.targetRate).padStart(5)}/s: p50 ${route.halfPeak.p50Ms} ms, p99 ${route.halfPeak.p99Ms} ms, max ${route.halfPeak.maxMs} ms` +
  `${route.peak.non2xx + route.halfPeak.non2xx > 0 ? `   (non-2xx ${route.peak.non2xx + route.halfPeak.non2xx}: ${JSON.stringify({ ...route.peak.statusCodes })})` : ''}`;

const rawDatabaseLine = (label: string, figures: RawDatabaseFigures) =>
  `${label.padEnd(23)} ${figures.batchesPerSecond}/s (p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms)`;

export function summary(results: BenchResults): string[] {
  const { raw, routes, ratios, settlement, bundle, profile } = results;
  const close = (figures: CloseFigures | null, samplesMs: number[]) =>
    figures === null
      ? 'not measured'
      : `${figures.closeMs} ms median of [${samplesMs.join(', ')}] (${figures.transfersInPeriod} transfers each, ${figures.method})`;
  const wrk =
    'error' in raw.httpWrk
      ? raw.httpWrk.error
      : `${raw.httpWrk.throughput}/s (${raw.httpWrk.serverCpuMicrosPerRequest} µs server CPU each, p99 ${raw.httpWrk.p99Ms} ms)`;
  const profileLines = Object.entries(profile ?? {}).flatMap(([thread, summary]) => [
    `profile, ${thread} (share of busy samples), by layer: ${Object.entries(summary.layers)
      .map(([layer, share]) => `${layer} ${share} %`)
      .join(', ')}`,
    ...summary.top.map(
      (entry) => `  ${String(entry.selfPercent).padStart(5)} %  ${entry.function}  ${entry.location}`,
    ),
  ]);
  return [
    `Tessera bench ${results.quick ? '(quick) ' : ''}— ${results.machine.cpuModel}, ${results.machine.cores} cores, Node ${results.machine.node}, synchronous=${results.settings.synchronous}`,
    `load average            start ${results.loadAverage.start.join(' ')}, end ${results.loadAverage.end.join(' ')}; CPU pressure (avg60) ${results.cpuPressure.start}% -> ${results.cpuPressure.end}%`,
    `start-up to first 200   ${results.startupMs} ms; peak RSS ${results.peakResidentMiB} MiB`,
    `raw HTTP (${raw.http.route}), autocannon  ${raw.http.throughput}/s (${raw.http.serverCpuMicrosPerRequest} µs server CPU each, p99 ${raw.http.p99Ms} ms)`,
    `raw HTTP (${raw.http.route}), wrk         ${wrk}`,
    rawDatabaseLine('raw DB (earn batch)', raw.database),
    rawDatabaseLine('  embedded client', raw.databaseEmbedded),
    rawDatabaseLine(`  ${raw.databaseGrouped.inFlight} in flight`, raw.databaseGrouped),
    line('earn', routes.earn, ratios.cpuOverRawHttp.earn),
    line('redeem', routes.redeem, ratios.cpuOverRawHttp.redeem),
    line('pool redeem', routes.poolRedeem, ratios.cpuOverRawHttp.poolRedeem),
    line('balance read', routes.balance, ratios.cpuOverRawHttp.balance),
    `settlement close        10k: ${close(settlement.close10k, settlement.close10kSamplesMs)}; 1M: ${close(settlement.close1M, settlement.close1MSamplesMs)}${settlement.gap === null ? '' : `; gap: ${settlement.gap}`}`,
    `Worker bundle           ${'gzipBytes' in bundle ? `${round(bundle.gzipBytes / 1024, 1)} KiB gzip (${round(bundle.bytes / 1024, 1)} KiB raw)` : bundle.error}`,
    ...profileLines,
    ...results.targets.map(
      (target) =>
        `target ${target.met === null ? 'n/a ' : target.met ? 'MET ' : 'MISS'}  ${target.name} ${target.goal}: ${target.value ?? 'not measured'}`,
    ),
    `balance read/raw http = ${ratios.balanceOverRawHttp}`,
    `earn/min(raw http, raw db) = ${ratios.earnOverMinRaw}`,
  ];
}

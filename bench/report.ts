import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BundleFigures } from './bundle.js';
import { type LoadFigures, round } from './load.js';
import type { RawDatabaseFigures } from './raw-db.js';
import type { CloseFigures } from './settlement.js';

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
  readonly raw: { http: LoadFigures & { route: string }; database: RawDatabaseFigures };
  readonly routes: { earn: RoutePair; redeem: RoutePair; poolRedeem: RoutePair; balance: RoutePair };
  readonly ratios: {
    earnOverMinRaw: number;
    balanceOverRawHttp: number;
    redeemOverMinRaw: number;
    poolRedeemOverMinRaw: number;
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

export function targets(results: Omit<BenchResults, 'targets'>): Target[] {
  const { ratios, routes, settlement, bundle } = results;
  const closeRatio =
    settlement.close1M !== null && settlement.close10k !== null
      ? round(settlement.close1M.closeMs / settlement.close10k.closeMs, 2)
      : null;
  const bundleKiB = 'gzipBytes' in bundle ? round(bundle.gzipBytes / 1024, 1) : null;
  return [
    {
      name: 'earn throughput / min(raw HTTP, raw DB)',
      goal: '>= 0.5',
      value: ratios.earnOverMinRaw,
      met: ratios.earnOverMinRaw >= 0.5,
    },
    {
      name: 'balance read throughput / raw HTTP',
      goal: '>= 0.5',
      value: ratios.balanceOverRawHttp,
      met: ratios.balanceOverRawHttp >= 0.5,
    },
    {
      name: 'earn p99 latency at half of peak (ms)',
      goal: '<= 10',
      value: routes.earn.halfPeak.p99Ms,
      met: routes.earn.halfPeak.p99Ms <= 10,
    },
    {
      name: 'settlement close 1M / close 10k',
      goal: '<= 2',
      value: closeRatio,
      met: closeRatio === null ? null : closeRatio <= 2,
    },
    {
      name: 'Worker bundle gzip (KiB)',
      goal: '<= 250',
      value: bundleKiB,
      met: bundleKiB === null ? null : bundleKiB <= 250,
    },
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

const line = (label: string, route: RoutePair) =>
  `${label.padEnd(22)} ${String(route.peak.throughput).padStart(9)}/s (${route.peak.serverCpuMicrosPerRequest} µs server CPU each)   at ${String(route.halfPeak.targetRate).padStart(5)}/s: p50 ${route.halfPeak.p50Ms} ms, p99 ${route.halfPeak.p99Ms} ms, max ${route.halfPeak.maxMs} ms` +
  `${route.peak.non2xx + route.halfPeak.non2xx > 0 ? `   (non-2xx ${route.peak.non2xx + route.halfPeak.non2xx}: ${JSON.stringify({ ...route.peak.statusCodes })})` : ''}`;

export function summary(results: BenchResults): string[] {
  const { raw, routes, ratios, settlement, bundle } = results;
  const close = (figures: CloseFigures | null, samplesMs: number[]) =>
    figures === null
      ? 'not measured'
      : `${figures.closeMs} ms median of [${samplesMs.join(', ')}] (${figures.transfersInPeriod} transfers each, ${figures.method})`;
  return [
    `Tessera bench ${results.quick ? '(quick) ' : ''}— ${results.machine.cpuModel}, ${results.machine.cores} cores, Node ${results.machine.node}, synchronous=${results.settings.synchronous}`,
    `load average            start ${results.loadAverage.start.join(' ')}, end ${results.loadAverage.end.join(' ')}; CPU pressure (avg60) ${results.cpuPressure.start}% -> ${results.cpuPressure.end}%`,
    `start-up to first 200   ${results.startupMs} ms; peak RSS ${results.peakResidentMiB} MiB`,
    `raw HTTP (${raw.http.route})  ${raw.http.throughput}/s (${raw.http.serverCpuMicrosPerRequest} µs server CPU each, p99 ${raw.http.p99Ms} ms)`,
    `raw DB (earn batch)     ${raw.database.batchesPerSecond}/s (p50 ${raw.database.p50Ms} ms, p99 ${raw.database.p99Ms} ms)`,
    line('earn', routes.earn),
    line('redeem', routes.redeem),
    line('pool redeem', routes.poolRedeem),
    line('balance read', routes.balance),
    `settlement close        10k: ${close(settlement.close10k, settlement.close10kSamplesMs)}; 1M: ${close(settlement.close1M, settlement.close1MSamplesMs)}${settlement.gap === null ? '' : `; gap: ${settlement.gap}`}`,
    `Worker bundle           ${'gzipBytes' in bundle ? `${round(bundle.gzipBytes / 1024, 1)} KiB gzip (${round(bundle.bytes / 1024, 1)} KiB raw)` : bundle.error}`,
    ...results.targets.map(
      (target) =>
        `target ${target.met === null ? 'n/a ' : target.met ? 'MET ' : 'MISS'}  ${target.name} ${target.goal}: ${target.value ?? 'not measured'}`,
    ),
    `balance read/raw http = ${ratios.balanceOverRawHttp}`,
    `earn/min(raw http, raw db) = ${ratios.earnOverMinRaw}`,
  ];
}

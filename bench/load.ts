import autocannon, { type AutocannonRequest } from 'autocannon';

/** One request as the load generator sends it; built afresh for every request. */
export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface LoadFigures {
  readonly connections: number;
  /** The fixed rate asked for, or null at full load. */
  readonly targetRate: number | null;
  readonly durationSeconds: number;
  /** 2xx responses per second. */
  readonly throughput: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Server CPU seconds used per 2xx response, in microseconds. */
  readonly serverCpuMicrosPerRequest: number | null;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Hold this many requests per second over all connections (latency at a fixed load). */
  readonly overallRate?: number;
  readonly next: () => BenchRequest;
  /** CPU seconds of the server so far, to report the CPU cost per request. */
  readonly serverCpuSeconds?: () => number;
}

/** Drives the server with autocannon over loopback and returns what it measured. */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const cpuBefore = options.serverCpuSeconds?.();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 30,
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
    requests: [
      {
        setupRequest: (request: AutocannonRequest): AutocannonRequest => {
          const next = options.next();
          return {
            ...request,
            method: next.method,
            path: next.path,
            headers: next.headers,
            ...(next.body === undefined ? {} : { body: next.body }),
          };
        },
      },
    ],
  });
  const result = await instance;
  const cpuAfter = options.serverCpuSeconds?.();
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count;
  const ok = result['2xx'];
  return {
    connections: options.connections,
    targetRate: options.overallRate ?? null,
    durationSeconds: round(result.duration, 2),
    throughput: round(ok / result.duration, 1),
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    serverCpuMicrosPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || ok === 0
        ? null
        : round(((cpuAfter - cpuBefore) * 1e6) / ok, 0),
  };
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

import { spawn, spawnSync } from 'node:child_process';
import { round } from './load.js';

export interface WrkFigures {
  readonly client: 'wrk';
  readonly route: string;
  readonly connections: number;
  readonly threads: number;
  readonly durationSeconds: number;
  /** Responses per second, as wrk counts them (non-2xx are counted separately and reported). */
  readonly throughput: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** Server CPU seconds used per response, in microseconds. */
  readonly serverCpuMicrosPerRequest: number | null;
}

const installed = () => spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;

/**
 * wrk (Debian's package), installed with apt-get when missing. It is a C load generator with its
 * own threads: on a static route it is not the bottleneck that autocannon, in the bench's own
 * process, becomes. Returns why it could not be had, if so.
 */
export function ensureWrk(log: (message: string) => void): string | null {
  if (installed()) return null;
  log('wrk is not installed: apt-get install -y wrk');
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    install();
  }
  return installed() ? null : 'wrk is not installed and apt-get could not install it';
}

/** "1.23ms", "850.00us", "1.02s" → milliseconds. */
function milliseconds(text: string | undefined): number | null {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text ?? '');
  if (match === null) return null;
  const value = Number(match[1]);
  return round(match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value, 3);
}

/** Drives one GET route with wrk over loopback. */
export async function runWrk(options: {
  url: string;
  path: string;
  connections: number;
  durationSeconds: number;
  serverCpuSeconds: () => number;
}): Promise<WrkFigures> {
  const threads = 2;
  const cpuBefore = options.serverCpuSeconds();
  const output = await new Promise<string>((resolveRun, reject) => {
    const child = spawn(
      'wrk',
      [
        `-t${threads}`,
        `-c${options.connections}`,
        `-d${options.durationSeconds}s`,
        '--latency',
        `${options.url}${options.path}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolveRun(text) : reject(new Error(`wrk exited ${code}: ${text}`)),
    );
  });
  const cpuAfter = options.serverCpuSeconds();
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const ok = requests - non2xx;
  return {
    client: 'wrk',
    route: options.path,
    connections: options.connections,
    threads,
    durationSeconds: options.durationSeconds,
    throughput: round(Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0), 1),
    requests,
    non2xx,
    p50Ms: milliseconds(/^\s+50%\s+(\S+)$/m.exec(output)?.[1]),
    p99Ms: milliseconds(/^\s+99%\s+(\S+)$/m.exec(output)?.[1]),
    serverCpuMicrosPerRequest: ok === 0 ? null : round(((cpuAfter - cpuBefore) * 1e6) / ok, 0),
  };
}

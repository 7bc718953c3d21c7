import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;

/** Children still running, killed when the bench exits however it exits. */
const running = new Set<ChildProcess>();
let hooksInstalled = false;

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** A free TCP port on 127.0.0.1, as the kernel hands one out. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface ServerOptions {
  readonly databaseUrl: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly port: number;
  /** Write a V8 CPU profile of the server into this folder when it stops. */
  readonly profileDirectory?: string | undefined;
}

/**
 * The real Node entry (`src/node.ts`) in its own process, bound to 127.0.0.1. It runs as
 * `node --import tsx`, so the pid is the server itself (its VmHWM is the server's peak memory).
 */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly startupMs: number,
    private readonly stderr: () => string,
  ) {}

  static async start(options: ServerOptions): Promise<ServerProcess> {
    installExitHooks();
    const spawnedAt = performance.now();
    const profile =
      options.profileDirectory === undefined
        ? []
        : ['--cpu-prof', `--cpu-prof-dir=${options.profileDirectory}`];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/node.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        DATABASE_SYNCHRONOUS: options.synchronous,
        HOST: '127.0.0.1',
        PORT: String(options.port),
        // The limiter still runs on every partner request, but the load must measure the server, not the limit.
        RATE_LIMIT_PER_MINUTE: '10000000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const url = `http://127.0.0.1:${options.port}`;
    while (performance.now() - spawnedAt < STARTUP_TIMEOUT_MS) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr}`);
      try {
        const response = await fetch(`${url}/health`);
        await response.arrayBuffer();
        if (response.status === 200)
          return new ServerProcess(child, url, performance.now() - spawnedAt, () => stderr);
      } catch {
        // not listening yet
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 5));
    }
    child.kill('SIGKILL');
    throw new Error(`the server did not answer /health within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`);
  }

  /** Whether the server is still running, and the end of what it wrote to stderr. */
  status(): string {
    const state =
      this.child.exitCode === null && this.child.signalCode === null
        ? 'running'
        : `exited (${this.child.exitCode ?? this.child.signalCode})`;
    return `server ${state}${this.stderr() === '' ? '' : `; stderr: ${this.stderr().slice(-600)}`}`;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Peak resident set size so far (VmHWM), in KiB. */
  peakResidentKiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? 0 : Number(match[1]);
  }

  /** CPU seconds the server has used (user + system), from /proc/<pid>/stat. */
  cpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    return ticks / 100;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolveExit) => this.child.once('exit', () => resolveExit()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

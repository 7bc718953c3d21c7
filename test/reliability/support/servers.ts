import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real Tessera server processes (`tsx src/node.ts`) on 127.0.0.1, each on the port the system
 * gives it (PORT=0) and reports in its first line: none is chosen ahead and reused. Each runs in its
 * own process group, so SIGKILL reaches the node process itself and not only tsx's wrapper, and
 * every process this module started is killed when the test process exits, even on failure.
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const started = new Set<ServerProcess>();
/**
 * How long a server may take to compile its TypeScript and listen: seconds on a quiet machine,
 * many times that on a loaded one. The bound only ends a server that hangs.
 */
const START_TIMEOUT_MS = 180_000;

process.once('exit', () => {
  for (const server of started) server.killNow('SIGKILL');
});

export class ServerProcess {
  stderr = '';
  private readonly exited: Promise<number | null>;

  /** Known once the server reports it. */
  port = 0;

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(databaseUrl: string, environment: Record<string, string> = {}): Promise<ServerProcess> {
    const child = spawn(TSX, ['src/node.ts'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: databaseUrl,
        RATE_LIMIT_PER_MINUTE: '0',
        ...environment,
      },
    });
    const server = new ServerProcess(child);
    started.add(server);
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`a server did not start in ${START_TIMEOUT_MS} ms: ${server.stderr}`)),
        START_TIMEOUT_MS,
      );
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const port = /listening on http:\/\/[^\s]+:(\d+)/.exec(stdout)?.[1];
        if (port !== undefined && server.port === 0) {
          server.port = Number(port);
          clearTimeout(timer);
          ready();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`a server exited with ${code} before listening: ${server.stderr}`));
      });
    });
    return server;
  }

  /** Signals the whole process group at once. */
  killNow(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null)
      return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.killNow(signal);
    await this.exited;
    // tsx's wrapper may exit first; make sure nothing of the group survives.
    this.killNow('SIGKILL');
    started.delete(this);
  }
}

export async function stopAll(servers: readonly ServerProcess[]): Promise<void> {
  await Promise.all(servers.map((server) => server.kill('SIGKILL')));
}

export interface WireResponse {
  readonly status: number;
  readonly body: { code?: string; id?: string; [key: string]: unknown };
}

/** One HTTP request to a server process; a connection that dies is `status: 0`, with its cause as `code`. */
export async function call(
  url: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<WireResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as WireResponse['body']) };
  } catch (error) {
    // What the connection died of (reset, refused, closed), so that a failure says it.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return { status: 0, body: { code: cause instanceof Error ? cause.message : String(cause) } };
  }
}

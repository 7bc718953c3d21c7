import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { type JWTPayload, SignJWT } from 'jose';
import { buildNetworkKeySet, generateNetworkKey, type NetworkKeySet } from '../../src/auth/network-keys.js';
import { type PartnerAlgorithm, TOKEN_TYPES } from '../../src/auth/principal.js';
import { signNetworkToken } from '../../src/auth/tokens.js';
import {
  newPartnerKey,
  type PartnerKey,
  type RequestOptions,
  type TestApp,
  type TestResponse,
} from '../support/harness.js';
import {
  buildWorkerScript,
  type RunningProcess,
  runWrangler,
  startProcess,
  WRANGLER_STEP_TIMEOUT_MS,
  wranglerTokenSettings,
  writeConfigWithoutAssets,
} from './wrangler.js';

export {
  WORKER_START_TIMEOUT_MS,
  wranglerCron,
  wranglerCrons,
  wranglerTokenSettings,
} from './wrangler.js';

/** The address `wrangler dev` reports once it serves: `Ready on http://127.0.0.1:<port>`. */
async function readyUrl(dev: RunningProcess): Promise<string> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const ready = /Ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(dev.output())?.[1];
    if (ready !== undefined) return ready;
    if (dev.exitCode() !== null)
      throw new Error(`wrangler dev exited with ${dev.exitCode()} before it was ready:\n${dev.output()}`);
    await new Promise((resolveLater) => setTimeout(resolveLater, 100));
  }
  throw new Error(`wrangler dev was not ready within ${STARTUP_TIMEOUT_MS} ms:\n${dev.output()}`);
}

const STARTUP_TIMEOUT_MS = WRANGLER_STEP_TIMEOUT_MS;
/** How long a query beside the worker waits for a lock the worker holds. */
const QUERY_BUSY_TIMEOUT_MS = 5_000;

/** What a scenario needs from a running Tessera: the Node `TestApp` and the `LocalWorker` both provide it. */
export type ScenarioClient = Pick<
  TestApp,
  | 'request'
  | 'operatorToken'
  | 'memberToken'
  | 'createPartner'
  | 'registerPartnerKey'
  | 'partnerToken'
  | 'onboardPartner'
>;

/**
 * Tessera in the real Workers runtime: `wrangler dev --local` (workerd) on a local D1 in a temp
 * directory with the real migrations applied, and the network key given as the secret (with any
 * `vars` the test sets beside it, as `.dev.vars` would).
 * Its client methods mirror `TestApp`, so one scenario can run against Node and the Worker.
 */
export class LocalWorker implements ScenarioClient {
  private constructor(
    readonly baseUrl: string,
    readonly networkKeys: NetworkKeySet,
    private readonly directory: string,
    private readonly dev: RunningProcess,
  ) {}

  /**
   * With `docsSite`, the worker runs with wrangler.toml as it is, static assets included (built by
   * its build command, with the OpenAPI document that `/openapi.json` serves on Workers). Without, from a copy without `[build]` and `[assets]`: it starts sooner,
   * and wrangler 4.86's local runtime answers the cron trigger with an exception when assets are
   * enabled (a local-only fault, fixed in later wranglers), which the cron test would meet.
   */
  static async start(
    options: { docsSite?: boolean; vars?: Readonly<Record<string, string>> } = {},
  ): Promise<LocalWorker> {
    const directory = mkdtempSync(join(tmpdir(), 'tessera-worker-'));
    try {
      const key = await generateNetworkKey(`net_test_${Date.now().toString(36)}`);
      const secretsFile = join(directory, 'worker.env');
      const vars = Object.entries(options.vars ?? {}).map(([name, value]) => `${name}='${value}'\n`);
      writeFileSync(
        secretsFile,
        `NETWORK_SIGNING_KEYS='${JSON.stringify(key.privateJwk)}'\n${vars.join('')}`,
      );
      const config = options.docsSite === true ? [] : ['--config', writeConfigWithoutAssets(directory)];
      // With the docs site, wrangler's build command writes the script; without, it is built here.
      if (options.docsSite !== true) await buildWorkerScript();
      // Migrations first: run beside `wrangler dev`, two workerds open the same local D1 file and
      // one of them can meet SQLITE_BUSY.
      await runWrangler(directory, [
        'd1',
        'migrations',
        'apply',
        'DB',
        '--local',
        '--persist-to',
        directory,
        ...config,
      ]);
      // Port 0: the system gives free ports, and wrangler prints the one it serves on.
      const dev = startProcess(directory, [
        'dev',
        '--local',
        '--persist-to',
        directory,
        '--env-file',
        secretsFile,
        '--ip',
        '127.0.0.1',
        '--port',
        '0',
        '--inspector-port',
        '0',
        '--show-interactive-dev-session=false',
        ...config,
      ]);
      const baseUrl = await readyUrl(dev).catch(async (error: unknown) => {
        await dev.stop();
        throw error;
      });
      const worker = new LocalWorker(baseUrl, await buildNetworkKeySet([key]), directory, dev);
      await worker.waitUntilHealthy().catch(async (error: unknown) => {
        await worker.stop();
        throw error;
      });
      return worker;
    } catch (error) {
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.dev.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** What wrangler dev and the worker's console printed lately. */
  logs(): string {
    return this.dev.output();
  }

  /** Fires the worker's `scheduled` handler as the cron trigger would; resolves to the runtime's answer. */
  async triggerScheduled(cron: string): Promise<{ status: number; body: string }> {
    const url = new URL('/cdn-cgi/handler/scheduled', this.baseUrl);
    url.searchParams.set('cron', cron);
    const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    return { status: response.status, body: await response.text() };
  }

  /**
   * Runs a read-only query on the worker's local D1, beside the running worker: on the SQLite
   * file (WAL mode) that wrangler keeps in the persist directory, on a `query_only` connection.
   * `wrangler d1 execute --local` reads the same file, but starts a workerd of its own for each
   * query: seconds each, where this takes milliseconds.
   */
  async query<Row = Record<string, unknown>>(sql: string): Promise<Row[]> {
    const client = createClient({ url: `file:${this.d1File()}`, timeout: QUERY_BUSY_TIMEOUT_MS });
    try {
      await client.execute('PRAGMA query_only = ON');
      const result = await client.execute(sql);
      return result.rows.map(
        (row) => Object.fromEntries(result.columns.map((column, index) => [column, row[index]])) as Row,
      );
    } finally {
      client.close();
    }
  }

  /** The SQLite file of the DB binding: wrangler 4 (pinned) keeps one per D1 database, named by a hash. */
  private d1File(): string {
    const directory = join(this.directory, 'v3/d1/miniflare-D1DatabaseObject');
    const files = readdirSync(directory).filter(
      (name) => name.endsWith('.sqlite') && name !== 'metadata.sqlite',
    );
    if (files.length !== 1 || files[0] === undefined)
      throw new Error(`expected one D1 database file in ${directory}, found: ${files.join(', ') || 'none'}`);
    return join(directory, files[0]);
  }

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | undefined = options.rawBody;
    if (body === undefined && options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON (CSV, HTML): keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  operatorToken(): Promise<string> {
    return this.networkToken('operator', 'operator');
  }

  memberToken(memberId: string): Promise<string> {
    return this.networkToken('member', memberId);
  }

  private networkToken(kind: 'operator' | 'member', subject: string): Promise<string> {
    return signNetworkToken(this.networkKeys, wranglerTokenSettings(), {
      kind,
      subject,
      ttlSeconds: 600,
      nowMs: Date.now(),
    });
  }

  async createPartner(overrides: Record<string, unknown> = {}): Promise<any> {
    const response = await this.request('POST', '/v1/partners', {
      token: await this.operatorToken(),
      body: {
        name: 'Harbor Hotel San Diego',
        sector: 'hotel',
        country: 'US',
        settlementCurrency: 'USD',
        earnRate: '1',
        issuePrice: '0.012',
        redeemRate: '0.009',
        ...overrides,
      },
    });
    if (response.status !== 201)
      throw new Error(`createPartner: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async registerPartnerKey(partnerId: string, algorithm: PartnerAlgorithm = 'ES256'): Promise<PartnerKey> {
    const key = await newPartnerKey(algorithm);
    const response = await this.request('POST', `/v1/partners/${partnerId}/keys`, {
      token: await this.operatorToken(),
      body: { publicJwk: key.publicJwk },
    });
    if (response.status !== 201)
      throw new Error(`registerPartnerKey: ${response.status} ${JSON.stringify(response.body)}`);
    return key;
  }

  async partnerToken(
    partnerId: string,
    key: PartnerKey,
    options: { claims?: JWTPayload; header?: Record<string, unknown> } = {},
  ): Promise<string> {
    const issuedAt = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: partnerId,
      aud: wranglerTokenSettings().audience,
      iat: issuedAt,
      exp: issuedAt + 120,
      ...options.claims,
    })
      .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: TOKEN_TYPES.partner, ...options.header })
      .sign(key.privateKey);
  }

  /** A partner with a registered key, ready to call partner routes. */
  async onboardPartner(overrides: Record<string, unknown> = {}, algorithm: PartnerAlgorithm = 'ES256') {
    const partner = await this.createPartner(overrides);
    const key = await this.registerPartnerKey(partner.id, algorithm);
    const token = () => this.partnerToken(partner.id, key);
    return { partner, key, token };
  }

  private async waitUntilHealthy(): Promise<void> {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.dev.exitCode() !== null) {
        throw new Error(
          `wrangler dev exited with ${this.dev.exitCode()} before /health answered:\n${this.dev.output()}`,
        );
      }
      const healthy = await fetch(new URL('/health', this.baseUrl), { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.status === 200)
        .catch(() => false);
      if (healthy) return;
      await new Promise((resolveLater) => setTimeout(resolveLater, 200));
    }
    throw new Error(
      `wrangler dev did not answer /health within ${STARTUP_TIMEOUT_MS} ms:\n${this.dev.output()}`,
    );
  }
}

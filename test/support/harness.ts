import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { createApp } from '../../src/app.js';
import { type PartnerAlgorithm, TOKEN_TYPES } from '../../src/auth/principal.js';
import { signNetworkToken } from '../../src/auth/tokens.js';
import { type Config, loadConfig } from '../../src/config.js';
import { localDatabasePath } from '../../src/db/libsql.js';
import { buildNodeDependencies, type NodeDependencies } from '../../src/node-dependencies.js';
import { seedFromTemplate } from './template-database.js';

/** A controllable clock: tests move time instead of sleeping. */
export class TestClock {
  constructor(public nowMs = Date.parse('2026-11-23T09:00:00.000Z')) {}
  readonly now = () => this.nowMs;
  advance(milliseconds: number): void {
    this.nowMs += milliseconds;
  }
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
  idempotencyKey?: string;
}

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface PartnerKey {
  kid: string;
  algorithm: PartnerAlgorithm;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * The real app on a fresh libSQL file with the real migrations (copied from the run's migrated
 * template, then brought up to date by the app as on any start), a fixed clock, and helpers to
 * mint every kind of credential. Each test builds its own; nothing is shared between tests.
 */
export class TestApp {
  private constructor(
    readonly deps: NodeDependencies,
    readonly clock: TestClock,
    private readonly directory: string,
    readonly app: ReturnType<typeof createApp>,
  ) {}

  static async create(
    options: { environment?: Record<string, string>; clock?: TestClock } = {},
  ): Promise<TestApp> {
    const directory = mkdtempSync(join(tmpdir(), 'tessera-test-'));
    const loaded = loadConfig({
      DATABASE_URL: `file:${join(directory, 'tessera.db')}`,
      ...options.environment,
    });
    if (!loaded.ok) throw new Error(loaded.error);
    const databasePath = localDatabasePath(loaded.config.databaseUrl);
    if (databasePath !== undefined) seedFromTemplate(databasePath);
    const clock = options.clock ?? new TestClock();
    const deps = await buildNodeDependencies(loaded.config, clock.now);
    return new TestApp(deps, clock, directory, createApp(deps));
  }

  get config(): Config {
    return this.deps.config;
  }

  async close(): Promise<void> {
    await this.deps.close();
    rmSync(this.directory, { recursive: true, force: true });
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
    const response = await this.app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
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

  /** An operator token; `subject` names the operator, as the audit log records them. */
  operatorToken(subject = 'operator'): Promise<string> {
    return this.networkToken('operator', subject);
  }

  memberToken(memberId: string): Promise<string> {
    return this.networkToken('member', memberId);
  }

  private networkToken(kind: 'operator' | 'member', subject: string): Promise<string> {
    const { config } = this;
    return signNetworkToken(
      this.deps.networkKeys,
      {
        issuer: config.tokenIssuer,
        audience: config.tokenAudience,
        clockToleranceSeconds: config.clockToleranceSeconds,
      },
      { kind, subject, ttlSeconds: 3600, nowMs: this.clock.nowMs },
    );
  }

  /** Onboards a partner through the operator API and returns it. */
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

  /** Generates a key pair for the partner and registers its public half through the operator API. */
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

  /** A partner token as a partner's back office would sign it; claims and header can be overridden. */
  async partnerToken(
    partnerId: string,
    key: PartnerKey,
    options: { claims?: JWTPayload; header?: Record<string, unknown> } = {},
  ): Promise<string> {
    const issuedAt = Math.floor(this.clock.nowMs / 1000);
    return new SignJWT({
      iss: partnerId,
      aud: this.config.tokenAudience,
      iat: issuedAt,
      exp: issuedAt + 120,
      ...options.claims,
    })
      .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: TOKEN_TYPES.partner, ...options.header })
      .sign(key.privateKey);
  }

  /** A partner with a registered key, ready to call partner routes. */
  async onboardPartner(overrides: Record<string, unknown> = {}) {
    const partner = await this.createPartner(overrides);
    const key = await this.registerPartnerKey(partner.id);
    const token = () => this.partnerToken(partner.id, key);
    return { partner, key, token };
  }
}

let keyCounter = 0;

export async function newPartnerKey(algorithm: PartnerAlgorithm = 'ES256'): Promise<PartnerKey> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, {
    extractable: true,
    ...(algorithm === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  keyCounter += 1;
  const kid = `test_${algorithm}_${Date.now().toString(36)}_${keyCounter}_${Math.random().toString(36).slice(2, 8)}`;
  return { kid, algorithm, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: algorithm } };
}

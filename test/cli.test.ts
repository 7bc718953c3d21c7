import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, describe, expect, test } from 'vitest';
import { generateNetworkKey } from '../src/auth/network-keys.js';
import { loadConfig } from '../src/config.js';
import { buildNodeDependencies } from '../src/node-dependencies.js';
import { runCli } from './support/cli.js';
import { TestApp } from './support/harness.js';
import { accept } from './support/staff.js';

/** Each case runs the real CLI on its own database; the cases run concurrently. */
const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function freshDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
  directories.push(directory);
  return directory;
}

function freshDatabaseUrl(): string {
  return `file:${join(freshDirectory(), 'tessera.db')}`;
}

function cli(args: string[], databaseUrl = freshDatabaseUrl(), environment: Record<string, string> = {}) {
  return runCli(args, { DATABASE_URL: databaseUrl, ...environment });
}

/** Verifies a token the way a client would: against the JWKS of the database the CLI used. */
async function verifyAgainstDatabase(token: string, databaseUrl: string) {
  const loaded = loadConfig({ DATABASE_URL: databaseUrl });
  if (!loaded.ok) throw new Error(loaded.error);
  const deps = await buildNodeDependencies(loaded.config);
  try {
    const { config } = deps;
    return await jwtVerify(token, createLocalJWKSet(deps.networkKeys.jwks), {
      issuer: config.tokenIssuer,
      audience: config.tokenAudience,
    });
  } finally {
    deps.client.close();
  }
}

/** A database with one member enrolled through the API, as a partner would. */
async function databaseWithMember(): Promise<{ databaseUrl: string; memberId: string }> {
  const databaseUrl = freshDatabaseUrl();
  const app = await TestApp.create({ environment: { DATABASE_URL: databaseUrl } });
  try {
    const { token } = await app.onboardPartner();
    const enrolled = await app.request('POST', '/v1/members', {
      token: await token(),
      idempotencyKey: 'enrol-cli-member',
      body: { externalReference: 'CARD-CLI' },
    });
    expect(enrolled.status).toBe(201);
    return { databaseUrl, memberId: enrolled.body.id };
  } finally {
    await app.close();
  }
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/;

describe.concurrent('cli', { timeout: 120_000 }, () => {
  test('token operator prints only a network-signed JWT', async () => {
    const databaseUrl = freshDatabaseUrl();
    const run = await cli(['token', 'operator'], databaseUrl);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(JWT);
    const token = run.stdout.trim();
    expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'tessera-operator+jwt', alg: 'ES256' });
    const { payload } = await verifyAgainstDatabase(token, databaseUrl);
    expect(payload.sub).toBe('operator');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  test('token member signs for an enrolled member, and refuses one that is not', async () => {
    const { databaseUrl, memberId } = await databaseWithMember();
    const run = await cli(['token', 'member', memberId], databaseUrl);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(JWT);
    const { payload, protectedHeader } = await verifyAgainstDatabase(run.stdout.trim(), databaseUrl);
    expect(protectedHeader.typ).toBe('tessera-member+jwt');
    expect(payload.sub).toBe(memberId);

    const unknown = await cli(['token', 'member', 'mem_NOT_ENROLLED'], databaseUrl);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe(`tessera: no member "mem_NOT_ENROLLED" is enrolled in ${databaseUrl}\n`);
  });

  test('--network-key signs with that key; NETWORK_SIGNING_KEYS alone only draws a warning', async () => {
    const directory = freshDirectory();
    const key = await generateNetworkKey('net_worker_test');
    const keyFile = join(directory, 'network-key.json');
    writeFileSync(keyFile, JSON.stringify(key.privateJwk));
    const databaseUrl = freshDatabaseUrl();

    const withKey = await cli(['token', 'operator', '--network-key', keyFile], databaseUrl);
    expect(withKey).toMatchObject({ code: 0, stderr: '' });
    const publicKey = await importJWK(key.publicJwk, 'ES256');
    const { protectedHeader } = await jwtVerify(withKey.stdout.trim(), publicKey);
    expect(protectedHeader.kid).toBe('net_worker_test');

    const ambient = await cli(['token', 'operator'], databaseUrl, {
      NETWORK_SIGNING_KEYS: JSON.stringify(key.privateJwk),
    });
    expect(ambient.code).toBe(0);
    expect(ambient.stderr).toContain('NETWORK_SIGNING_KEYS is set but not used');
    expect(decodeProtectedHeader(ambient.stdout.trim()).kid).toBe('net_1');
  });

  test.each(['ES256', 'EdDSA'])(
    'keygen %s prints a key pair sharing kid and alg, the public half without d',
    async (algorithm) => {
      const run = await cli(['keygen', algorithm]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const pair = JSON.parse(run.stdout);
      expect(pair).toMatchObject({ kid: expect.any(String), alg: algorithm });
      expect(pair.privateJwk).toMatchObject({ kid: pair.kid, alg: algorithm, d: expect.any(String) });
      expect(pair.publicJwk).toMatchObject({ kid: pair.kid, alg: algorithm, x: pair.privateJwk.x });
      expect(pair.publicJwk).not.toHaveProperty('d');
    },
  );

  test('token partner signs a five-minute partner token with a keygen file', async () => {
    const directory = freshDirectory();
    const pair = await cli(['keygen', 'ES256']);
    const keyFile = join(directory, 'partner-key.json');
    writeFileSync(keyFile, pair.stdout);
    const run = await cli(['token', 'partner', 'ptn_test', keyFile]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const publicKey = await importJWK(JSON.parse(pair.stdout).publicJwk, 'ES256');
    const { payload, protectedHeader } = await jwtVerify(run.stdout.trim(), publicKey);
    expect(protectedHeader.typ).toBe('tessera-partner+jwt');
    expect(payload.iss).toBe('ptn_test');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  });

  test('staff-invite invites the first operator admin, whose code opens the console with a passkey', async () => {
    const databaseUrl = freshDatabaseUrl();
    const run = await cli(['staff-invite', 'Ada Lovelace'], databaseUrl);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Invited Ada Lovelace \(stf_[0-9A-Z]{26}\) as operator admin\.\n/);
    const code = /Code: ([0-9A-Z-]+) /.exec(run.stdout)?.[1] ?? '';
    expect(run.stdout).toContain(`/console/#join=${code.replaceAll('-', '')}`);
    const app = await TestApp.create({ environment: { DATABASE_URL: databaseUrl } });
    try {
      const { response } = await accept(app, code);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({ name: 'Ada Lovelace', role: 'admin', partnerId: null });
      const log = await app.request('GET', '/v1/audit-log', { token: response.body.accessToken });
      expect(log.body.data[0]).toMatchObject({ actor: 'cli', action: 'staff.invite' });
    } finally {
      await app.close();
    }
  });

  test.each(['token', 'keygen', 'migrate', 'expire', 'statuses', 'settle', 'deliver', 'staff-invite'])(
    '%s --help prints its usage on stdout and exits 0',
    async (command) => {
      const run = await cli([command, '--help']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain(`Usage of ${command}:`);
    },
  );

  test('--help lists every command, settle included', async () => {
    const run = await cli(['--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const command of [
      'token operator',
      'token member',
      'keygen',
      'migrate',
      'expire',
      'settle',
      'deliver',
    ])
      expect(run.stdout).toContain(command);
  });

  test.each([
    ['an unknown command', ['frobnicate'], 'tessera: unknown command "frobnicate"'],
    ['no command', [], 'tessera: a command is needed'],
    ['an unknown algorithm', ['keygen', 'RS256'], 'tessera: unknown algorithm "RS256"'],
    ['an unknown token kind', ['token', 'admin'], 'tessera: unknown token kind "admin"'],
    [
      'an extra argument',
      ['token', 'operator', 'now'],
      'tessera: unexpected argument "now" after token operator',
    ],
    ['an unknown option', ['settle', '--dry-run'], 'tessera: unknown option "--dry-run"'],
    ['a missing argument', ['token', 'member'], 'tessera: token member <memberId> needs more arguments'],
    ['an option without its value', ['token', 'operator', '--network-key'], 'tessera: option --network-key'],
  ])('%s is said so, with the usage, and exits 2', async (_name, args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(message)).toBe(true);
    expect(run.stderr).toContain('Usage');
  });

  test('migrate exits 0', async () => {
    const databaseUrl = freshDatabaseUrl();
    const run = await cli(['migrate'], databaseUrl);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(databaseUrl);
  });

  test('a bad configuration exits 1 naming the variable', async () => {
    const run = await cli(['migrate'], 'postgres://x');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Invalid configuration: DATABASE_URL /);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildNodeDependencies } from '../src/node-dependencies.js';

/** Each spawn costs about a second, so the cases are few and run concurrently, each on its own database. */
const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function freshDatabaseUrl(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
  directories.push(directory);
  return `file:${join(directory, 'tessera.db')}`;
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI with a minimal environment, so no Tessera variable of the caller leaks in. */
function cli(args: string[], databaseUrl = freshDatabaseUrl()): Promise<CliRun> {
  const environment = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    TMPDIR: tmpdir(),
    DATABASE_URL: databaseUrl,
  };
  return new Promise((done) => {
    execFile(
      TSX,
      ['src/cli.ts', ...args],
      { cwd: ROOT, env: environment, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
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

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/;

describe.concurrent('cli', () => {
  test.each([
    ['operator', [], 'tessera-operator+jwt', 'operator'],
    ['member', ['mem_x'], 'tessera-member+jwt', 'mem_x'],
  ])('token %s prints only a network-signed JWT', async (kind, rest, typ, subject) => {
    const databaseUrl = freshDatabaseUrl();
    const run = await cli(['token', kind, ...rest], databaseUrl);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(JWT);
    const token = run.stdout.trim();
    expect(decodeProtectedHeader(token)).toMatchObject({ typ, alg: 'ES256' });
    const { payload, protectedHeader } = await verifyAgainstDatabase(token, databaseUrl);
    expect(protectedHeader.typ).toBe(typ);
    expect(payload.sub).toBe(subject);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
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

  test.each([
    ['keygen RS256', ['keygen', 'RS256']],
    ['an unknown command', ['frobnicate']],
  ])('%s exits 2 with the usage on stderr', async (_name, args) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage:');
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

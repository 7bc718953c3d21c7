import { afterEach, beforeEach, describe, expect, type MockInstance, test, vi } from 'vitest';
import { generateNetworkKey } from '../../src/auth/network-keys.js';
import type { D1Database, WorkerEnv } from '../../src/worker/types.js';
import worker from '../../src/worker.js';
import libsqlWorker from '../../src/worker-libsql.js';

// The worker's own fetch, called under Node with fake envs: what a deployment missing a secret or
// a database answers. Each test builds a fresh env, so nothing is cached between them.
const context = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} };
const unusedD1: D1Database = {
  prepare: () => {
    throw new Error('D1 is not used by this test');
  },
  batch: async () => [],
  exec: async () => undefined,
};
const vars = {
  TOKEN_ISSUER: 'tessera',
  TOKEN_AUDIENCE: 'tessera-api',
  REFERENCE_CURRENCY: 'EUR',
  POINT_VALUE: '0.01',
};

let errorLog: MockInstance<typeof console.error>;
beforeEach(() => {
  errorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  errorLog.mockRestore();
});

async function call(env: WorkerEnv, method = 'GET', path = '/health', build = worker) {
  const response = await build.fetch(new Request(`http://tessera.test${path}`, { method }), env, context);
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

function logged(): string {
  return errorLog.mock.calls.map((args) => args.join(' ')).join('\n');
}

describe('a worker that is not configured answers every request with a clear 500 problem', () => {
  test('without the NETWORK_SIGNING_KEYS secret', async () => {
    const env: WorkerEnv = { ...vars, DB: unusedD1 };
    for (const [method, path] of [
      ['GET', '/health'],
      ['POST', '/v1/partners'],
      ['GET', '/.well-known/jwks.json'],
    ] as const) {
      const response = await call(env, method, path);
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.body).toMatchObject({
        code: 'internal_error',
        status: 500,
        requestId: response.headers.get('x-request-id'),
      });
      expect(response.body.detail).toContain(
        'the network signing key secret NETWORK_SIGNING_KEYS is missing',
      );
    }
    expect(errorLog).toHaveBeenCalledTimes(3);
    expect(logged()).toContain('wrangler secret put NETWORK_SIGNING_KEYS');
  });

  test('with a secret that is not JSON: the log says why, and neither log nor answer echoes it', async () => {
    const response = await call({ ...vars, DB: unusedD1, NETWORK_SIGNING_KEYS: 'sk-live-DO-NOT-ECHO' });
    expect(response.status).toBe(500);
    expect(response.body.detail).toContain('NETWORK_SIGNING_KEYS is invalid');
    expect(logged()).toContain('not valid JSON');
    expect(JSON.stringify(response.body) + logged()).not.toContain('DO-NOT-ECHO');
  });

  test('with a public key only, which cannot sign', async () => {
    const { publicJwk } = await generateNetworkKey('net_public_only');
    const response = await call({ ...vars, DB: unusedD1, NETWORK_SIGNING_KEYS: JSON.stringify(publicJwk) });
    expect(response.status).toBe(500);
    expect(response.body.detail).toContain('NETWORK_SIGNING_KEYS is invalid');
    expect(logged()).toContain('must be a private JWK with a kid');
  });

  test('without a D1 binding or LIBSQL_URL', async () => {
    const { privateJwk } = await generateNetworkKey('net_no_database');
    const response = await call({ ...vars, NETWORK_SIGNING_KEYS: JSON.stringify(privateJwk) });
    expect(response.status).toBe(500);
    expect(response.body.detail).toContain('no database is configured');
  });

  test('the libSQL build, with a LIBSQL_URL the web client cannot open (a local file)', async () => {
    const { privateJwk } = await generateNetworkKey('net_file_url');
    const response = await call(
      { ...vars, LIBSQL_URL: 'file:tessera.db', NETWORK_SIGNING_KEYS: JSON.stringify(privateJwk) },
      'GET',
      '/health',
      libsqlWorker,
    );
    expect(response.status).toBe(500);
    expect(response.body.detail).toContain('LIBSQL_URL is not a URL the web libSQL client accepts');
  });

  test('the D1 build with a LIBSQL_URL: it says to deploy the libSQL build', async () => {
    const { privateJwk } = await generateNetworkKey('net_d1_build');
    const response = await call({
      ...vars,
      LIBSQL_URL: 'libsql://tessera-example.turso.io',
      NETWORK_SIGNING_KEYS: JSON.stringify(privateJwk),
    });
    expect(response.status).toBe(500);
    expect(response.body.detail).toContain('wrangler deploy --env libsql');
  });

  test('with an invalid var', async () => {
    const { privateJwk } = await generateNetworkKey('net_bad_var');
    const response = await call({
      ...vars,
      POINT_VALUE: '-1',
      DB: unusedD1,
      NETWORK_SIGNING_KEYS: JSON.stringify(privateJwk),
    });
    expect(response.status).toBe(500);
    expect(response.body.detail).toContain('POINT_VALUE');
  });
});

test('the cron trigger of a worker without the secret fails the run, saying why', async () => {
  const controller = { scheduledTime: Date.now(), cron: '17 * * * *', noRetry: () => undefined };
  await expect(worker.scheduled?.(controller, { ...vars, DB: unusedD1 }, context)).rejects.toThrow(
    'the network signing key secret NETWORK_SIGNING_KEYS is missing',
  );
  expect(logged()).toContain('expiry-sweep');
});

test.each([
  ['a D1 binding', { DB: unusedD1 }, worker],
  [
    'a remote libSQL URL (the libSQL build)',
    { LIBSQL_URL: 'libsql://tessera-example.turso.io', LIBSQL_AUTH_TOKEN: 'token' },
    libsqlWorker,
  ],
])('a worker configured with %s serves the public key of its secret', async (_storage, storage, build) => {
  const { privateJwk, publicJwk } = await generateNetworkKey('net_configured');
  const response = await call(
    { ...vars, ...storage, NETWORK_SIGNING_KEYS: JSON.stringify(privateJwk) },
    'GET',
    '/.well-known/jwks.json',
    build,
  );
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ keys: [publicJwk] });
  expect(errorLog).not.toHaveBeenCalled();
});

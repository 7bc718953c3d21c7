import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startNodeServer } from './support/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const directory = mkdtempSync(join(tmpdir(), 'tessera-node-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function listenOnFreePort(): Promise<Server> {
  return new Promise((listening, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => listening(server));
  });
}

test('PORT=0 takes a port the system gives and says which', { timeout: 120_000 }, async () => {
  const server = await startNodeServer({ DATABASE_URL: `file:${join(directory, 'any-port.db')}` });
  try {
    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(200);
  } finally {
    await server.stop();
  }
});

test('a busy port stops the server with one clear line, not a stack trace', {
  timeout: 120_000,
}, async () => {
  const occupant = await listenOnFreePort();
  try {
    const address = occupant.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/node.ts'],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            DATABASE_URL: `file:${join(directory, 'busy-port.db')}`,
            PORT: String(address.port),
          },
        },
        (error, stdout, stderr) => done({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
      );
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `Tessera could not start: 127.0.0.1:${address.port} is already in use (another Tessera?); stop it, or set PORT to another port\n`,
    );
  } finally {
    occupant.close();
  }
});

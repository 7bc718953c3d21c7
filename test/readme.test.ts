import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  fencedBlocksUnder,
  matchesPromise,
  outputBefore,
  promisedOutputs,
  recordedRefusals,
  recordingCurl,
  runShellBlocks,
  type ShellRun,
  shellBlocksUnder,
} from './support/markdown-shell.js';
import { type NodeServer, startNodeServer } from './support/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const DEFAULT_API_LINE = 'API=http://127.0.0.1:8787';
/** The JSON files of the repository folder before the walkthrough runs. */
const repositoryJson = readdirSync(ROOT).filter((name) => name.endsWith('.json'));

describe('the README walkthrough, run line by line against a fresh server', { timeout: 300_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'tessera-readme-'));
  const databaseUrl = `file:${join(directory, 'tessera.db')}`;
  const refusals = join(directory, 'refusals.log');
  const [block, ...others] = shellBlocksUnder(README, '## A five-minute walkthrough');
  const [clientScript] = fencedBlocksUnder(README, '## A partner integration in TypeScript', 'ts');
  const [clientRun] = shellBlocksUnder(README, '## A partner integration in TypeScript');
  // In the repository (tmp/ is ignored by git), so that the script finds @tessera/client.
  const scriptDirectory = join(ROOT, 'tmp', `readme-${process.pid}-${Date.now()}`);
  let server: NodeServer;
  let run: ShellRun;

  beforeAll(async () => {
    if (block === undefined || others.length > 0) throw new Error('the walkthrough is not one sh block');
    if (clientScript === undefined || clientRun === undefined) throw new Error('no TypeScript integration');
    mkdirSync(scriptDirectory, { recursive: true });
    writeFileSync(join(scriptDirectory, 'partner.ts'), `${clientScript.lines.join('\n')}\n`);
    server = await startNodeServer({ DATABASE_URL: databaseUrl });
    // The lines that differ: the server the test started, on the port the system gave it, and
    // the script's own folder.
    const lines = block.lines.map((line) => (line === DEFAULT_API_LINE ? `API=${server.baseUrl}` : line));
    const clientLines = clientRun.lines.map((line) =>
      line.replace(' tmp/partner.ts', ` ${join(scriptDirectory, 'partner.ts')}`),
    );
    run = await runShellBlocks(
      [
        { ...block, lines },
        { ...clientRun, lines: clientLines },
      ],
      {
        directory,
        cwd: ROOT,
        prelude: recordingCurl(refusals),
        environment: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? directory,
          TMPDIR: directory,
          DATABASE_URL: databaseUrl,
        },
      },
    );
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
    rmSync(scriptDirectory, { recursive: true, force: true });
  });

  test('it talks to the server npm start runs', () => {
    expect(block?.lines[0]).toBe(DEFAULT_API_LINE);
  });

  test('every line runs, and the API refuses none of its requests', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(recordedRefusals(refusals)).toEqual([]);
  });

  test.each([block, clientRun].flatMap((shown) => (shown === undefined ? [] : promisedOutputs(shown))))(
    'line $line prints "$text"',
    ({ line, text }) => {
      const printed = outputBefore(run, line);
      expect(printed === undefined ? undefined : printed.trim()).toSatisfy(
        (output: string | undefined) => output !== undefined && matchesPromise(output, text),
      );
    },
  );

  test("the partner's private key is kept outside the repository folder", () => {
    expect(
      readdirSync(ROOT).filter((name) => name.endsWith('.json') && !repositoryJson.includes(name)),
    ).toEqual([]);
  });
});

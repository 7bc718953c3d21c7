import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
} from '../support/markdown-shell.js';
import { type NodeServer, startNodeServer } from '../support/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const GUIDE = readFileSync(join(ROOT, 'docs/partner-guide.md'), 'utf8');
const TITLE = '# Tessera partner guide';
const DEFAULT_API_LINE = 'API=http://127.0.0.1:8787';

/** The file name a TypeScript block is saved as: the last `name.ts` the text before it mentions. */
function savedAs(blockFirstLine: number): string {
  const before = GUIDE.split('\n').slice(0, blockFirstLine - 1);
  const mentions = before.join('\n').match(/`([a-z-]+\.ts)`/g) ?? [];
  const last = mentions.at(-1);
  if (last === undefined) throw new Error(`the TypeScript block at line ${blockFirstLine} is not named`);
  return last.slice(1, -1);
}

describe('the partner guide, every block run in order against a fresh server', { timeout: 300_000 }, () => {
  // Inside the repository (tmp/ is ignored by git), so that the guide's TypeScript finds jose.
  const directory = join(ROOT, 'tmp', `partner-guide-${process.pid}-${Date.now()}`);
  const shell = shellBlocksUnder(GUIDE, TITLE);
  const refusals = join(directory, 'refusals.log');
  let server: NodeServer;
  let run: ShellRun;

  beforeAll(async () => {
    mkdirSync(directory, { recursive: true });
    for (const block of fencedBlocksUnder(GUIDE, TITLE, 'ts'))
      writeFileSync(join(directory, savedAs(block.firstLine)), `${block.lines.join('\n')}\n`);
    server = await startNodeServer({ DATABASE_URL: `file:${join(directory, 'tessera.db')}` });
    const blocks = shell.map((block) => ({
      ...block,
      lines: block.lines.map((line) => (line === DEFAULT_API_LINE ? `API=${server.baseUrl}` : line)),
    }));
    run = await runShellBlocks(blocks, {
      directory,
      cwd: directory,
      prelude: recordingCurl(refusals),
      environment: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? directory,
        TMPDIR: directory,
        DATABASE_URL: `file:${join(directory, 'tessera.db')}`,
      },
    });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  test('it talks to the server npm start runs', () => {
    expect(shell[0]?.lines[0]).toBe(DEFAULT_API_LINE);
  });

  test('every command runs, and the one refusal is the one the guide shows on purpose', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(recordedRefusals(refusals)).toEqual([expect.stringMatching(/^404 .*try-unknown-member/)]);
  });

  test.each(shell.flatMap(promisedOutputs))('line $line prints "$text"', ({ line, text }) => {
    const printed = outputBefore(run, line);
    expect(printed === undefined ? undefined : printed.trim()).toSatisfy(
      (output: string | undefined) => output !== undefined && matchesPromise(output, text),
    );
  });
});

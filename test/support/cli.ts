import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI as `npm run -s cli` does (its compiled bundle, built by the global setup),
 * with a minimal environment so that no Tessera variable of the caller leaks in. No kill timer:
 * on a loaded machine a run may take seconds, and the test's own timeout is the bound.
 */
export function runCli(args: readonly string[], environment: Record<string, string> = {}): Promise<CliRun> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    TMPDIR: tmpdir(),
    ...environment,
  };
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'scripts/cli.mjs'), ...args],
      { cwd: ROOT, env },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

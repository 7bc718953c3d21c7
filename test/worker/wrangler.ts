/** Running wrangler from the tests: offline, bounded in time, and always cleaned up. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TokenSettings } from '../../src/auth/tokens.js';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WRANGLER = join(PROJECT_ROOT, 'node_modules/wrangler/bin/wrangler.js');
/**
 * How long one wrangler step (a command, or `wrangler dev` until ready) may take. Generous: on a
 * loaded 2-core machine applying every migration to a local D1 takes tens of seconds, and a bound
 * only exists so that a hung wrangler ends the run with its output rather than never.
 */
export const WRANGLER_STEP_TIMEOUT_MS = 180_000;
/** The budget of a suite's `beforeAll` that starts a worker: build, migrate, serve, each one step. */
export const WORKER_START_TIMEOUT_MS = 3 * WRANGLER_STEP_TIMEOUT_MS + 30_000;
const COMMAND_TIMEOUT_MS = WRANGLER_STEP_TIMEOUT_MS;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Wrangler runs offline and quietly: no telemetry, no update check, no fetch of `Request.cf`, and
 * its debug log goes to the test's temp directory rather than the home directory.
 */
function wranglerEnvironment(directory: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CI: 'true',
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    WRANGLER_LOG_PATH: join(directory, 'logs'),
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    NO_COLOR: '1',
  };
}

/** A `name = "value"` line of wrangler.toml: the worker runs with that config, so the tests read it. */
function wranglerSetting(name: string): string {
  const toml = readFileSync(join(PROJECT_ROOT, 'wrangler.toml'), 'utf8');
  const value = new RegExp(`^${name}\\s*=\\s*\\[?"([^"]+)"`, 'm').exec(toml)?.[1];
  if (value === undefined) throw new Error(`wrangler.toml sets no ${name}`);
  return value;
}

/** The token settings of the [vars] of wrangler.toml, so test tokens match the real config. */
export function wranglerTokenSettings(): TokenSettings {
  return {
    issuer: wranglerSetting('TOKEN_ISSUER'),
    audience: wranglerSetting('TOKEN_AUDIENCE'),
    clockToleranceSeconds: 30,
  };
}

/** The (first) cron trigger of wrangler.toml. */
export function wranglerCron(): string {
  return wranglerSetting('crons');
}

/** Every cron trigger of wrangler.toml, in its order. */
export function wranglerCrons(): string[] {
  const toml = readFileSync(join(PROJECT_ROOT, 'wrangler.toml'), 'utf8');
  const list = /^crons\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1];
  if (list === undefined) throw new Error('wrangler.toml sets no crons');
  return [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? '');
}

export interface RunningProcess {
  readonly exited: Promise<number>;
  exitCode(): number | null;
  /** The last 20 kB of stdout and stderr, interleaved. */
  output(): string;
  stdout(): string;
  stop(): Promise<void>;
}

/**
 * Starts wrangler in its own process group (it spawns workerd), so that stopping it, or this test
 * process exiting for any reason, takes the whole tree down.
 */
export function startProcess(directory: string, args: readonly string[]): RunningProcess {
  const child: ChildProcess = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: PROJECT_ROOT,
    env: wranglerEnvironment(directory),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output = (output + chunk.toString()).slice(-20_000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  let exitCode: number | null = null;
  // Signals the whole group: workerd, started by wrangler, is in it and may outlive its parent.
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const killOnExit = () => killGroup('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number>((resolveExit) => {
    const settle = (code: number) => {
      exitCode ??= code;
      resolveExit(exitCode);
    };
    child.once('close', (code) => settle(code ?? -1));
    child.once('error', (error) => {
      output += `\n${error.message}`;
      settle(-1);
    });
  });
  return {
    exited,
    exitCode: () => exitCode,
    output: () => output,
    stdout: () => stdout,
    async stop() {
      if (exitCode === null) killGroup('SIGTERM');
      await Promise.race([
        exited,
        new Promise((resolveLater) => setTimeout(resolveLater, STOP_TIMEOUT_MS).unref()),
      ]);
      killGroup('SIGKILL');
      process.removeListener('exit', killOnExit);
    },
  };
}

/** Runs a wrangler command to completion, bounded in time; rejects with its output when it fails. */
export async function runWrangler(directory: string, args: readonly string[]): Promise<string> {
  const command = startProcess(directory, args);
  const timedOut = new Promise<'timeout'>((resolveLater) =>
    setTimeout(() => resolveLater('timeout'), COMMAND_TIMEOUT_MS).unref(),
  );
  const code = await Promise.race([command.exited, timedOut]);
  await command.stop();
  if (code === 'timeout')
    throw new Error(
      `wrangler ${args.join(' ')} did not finish within ${COMMAND_TIMEOUT_MS} ms:\n${command.output()}`,
    );
  if (code !== 0) throw new Error(`wrangler ${args.join(' ')} exited with ${code}:\n${command.output()}`);
  return command.stdout();
}

/**
 * Writes the Worker's script where `main` of wrangler.toml points (scripts/worker-script.mjs): the
 * build command does it, and a config without `[build]` needs it done. It rewrites only what
 * changed, so workers that already run do not reload.
 */
export async function buildWorkerScript(): Promise<void> {
  await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'scripts/worker-script.mjs')], {
    cwd: PROJECT_ROOT,
    timeout: COMMAND_TIMEOUT_MS,
  });
}

/**
 * A copy of wrangler.toml in `directory` without its `[build]` and `[assets]` sections, the paths
 * it names (the entry, the migrations, the module aliases) made absolute (wrangler reads them from
 * the config file's folder).
 */
export function writeConfigWithoutAssets(directory: string): string {
  const toml = readFileSync(join(PROJECT_ROOT, 'wrangler.toml'), 'utf8');
  const kept: string[] = [];
  let skipping = false;
  for (const line of toml.split('\n')) {
    if (/^\[/.test(line)) skipping = line === '[build]' || line === '[assets]';
    if (skipping) continue;
    kept.push(
      line
        .replace(
          /^main = "(.*)"$/,
          (_line, path: string) => `main = ${JSON.stringify(join(PROJECT_ROOT, path))}`,
        )
        .replace(
          /^migrations_dir = "(.*)"$/,
          (_line, path: string) => `migrations_dir = ${JSON.stringify(join(PROJECT_ROOT, path))}`,
        )
        .replace(
          /^("[^"]+") = "(\.\/.*)"$/,
          (_line, name: string, path: string) => `${name} = ${JSON.stringify(join(PROJECT_ROOT, path))}`,
        ),
    );
  }
  const file = join(directory, 'wrangler.toml');
  writeFileSync(file, kept.join('\n'));
  return file;
}

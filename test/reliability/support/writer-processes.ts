import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./writer-process.ts', import.meta.url));
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A `writer-process.ts` child (the node process itself, so that SIGKILL reaches what holds the file). */
export class WriterProcess {
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  #waiters: (() => void)[] = [];

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const complete = text.split('\n');
      partial = complete.pop() ?? '';
      this.lines.push(...complete);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    child.once('exit', () => {
      running.delete(child);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static start(
    mode: 'load' | 'stuck-group' | 'stock',
    file: string,
    name: string,
    rounds = 60,
  ): WriterProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode, file, name, String(rounds)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    return new WriterProcess(child);
  }

  /** Resolves once a printed line satisfies `found`; rejects if the process exits first. */
  async waitFor(found: (line: string) => boolean): Promise<void> {
    while (!this.lines.some(found)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`the writer process exited (${this.child.exitCode}): ${this.stderr}`);
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** The ids printed with `kind` (`ack`, `refused`, `error`). */
  outcomes(kind: string): string[] {
    return this.lines.filter((line) => line.startsWith(`${kind} `)).map((line) => line.split(' ')[1] ?? '');
  }
}

/**
 * Whether some connection holds the file's write lock right now: a `BEGIN IMMEDIATE` that may not
 * wait fails with SQLITE_BUSY. Taking the lock instead means nobody held it; it is let go at once.
 */
export function writeLockHeld(file: string): boolean {
  const probe = new Database(file);
  try {
    probe.exec('PRAGMA busy_timeout = 0');
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw error;
  } finally {
    probe.close();
  }
}

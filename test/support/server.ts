import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface NodeServer {
  /** `http://127.0.0.1:<port>`, the port the server was given by the system. */
  readonly baseUrl: string;
  /** What the server printed so far, stdout and stderr interleaved. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real Node entry (`npm start`'s src/node.ts) as its own process on PORT=0 and waits
 * for the line that reports the port the system gave it: no port is chosen ahead and reused.
 */
export async function startNodeServer(environment: Record<string, string>): Promise<NodeServer> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/node.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...environment, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit');
  const baseUrl = await new Promise<string>((found, failed) => {
    const look = () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1] !== undefined) found(match[1]);
    };
    child.stdout?.on('data', look);
    exited.then(() => failed(new Error(`the server exited before listening:\n${output}`)));
  });
  return {
    baseUrl,
    output: () => output,
    stop: () => stopProcess(child, exited),
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await exited;
}

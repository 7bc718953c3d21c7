import { Worker } from 'node:worker_threads';
import { LibsqlError } from '@libsql/client';
import type { ConnectionSettings, RawResult, WriterOpened, WriterReply, WriterRequest } from './protocol.js';
import { toError } from './results.js';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type WriterWork = WithoutId<WriterRequest>;

interface Pending {
  readonly resolve: (results: RawResult[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The main thread's handle on the writer thread: sends it work and settles each request's promise
 * when its reply comes, which for a write is after its commit is durable. The thread keeps the
 * process alive only while it has work; an idle writer lets the process exit.
 */
export class WriterThread {
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #stopped: Error | undefined;
  #closing = false;
  readonly #groupCommits = { commits: 0, requests: 0 };
  readonly #exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (replies: WriterReply[]) => this.#settle(replies));
    worker.on('error', (error) => this.#stop(error));
    worker.once('exit', (code) => this.#stop(new Error(`the writer thread exited (${code})`)));
    worker.unref();
  }

  static async start(
    script: string | URL,
    path: string,
    settings: ConnectionSettings,
  ): Promise<WriterThread> {
    const worker = new Worker(script, {
      workerData: { path, settings },
      // The thread is plain JavaScript: it needs no loader (which would cost its start-up
      // hundreds of milliseconds), only the profiler when the process runs under one.
      execArgv: process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
    });
    const opened = await new Promise<WriterOpened>((resolve, reject) => {
      const exited = (code: number) =>
        reject(new Error(`the writer thread exited (${code}) before it opened`));
      worker.once('message', (message: WriterOpened) => {
        worker.off('error', reject);
        worker.off('exit', exited);
        resolve(message);
      });
      worker.once('error', reject);
      worker.once('exit', exited);
    });
    if (!opened.opened) {
      await worker.terminate();
      throw toError(opened.error);
    }
    return new WriterThread(worker);
  }

  /** Sends work to the writer; resolves with its results, or rejects with the error the client would throw. */
  request(work: WriterWork): Promise<RawResult[]> {
    return this.#send(work).results;
  }

  /** Begins an interactive transaction; resolves with its id, which its later requests name. */
  async beginTransaction(begin: string): Promise<number> {
    const { id, results } = this.#send({ kind: 'begin', begin });
    await results;
    return id;
  }

  #send(work: WriterWork): { id: number; results: Promise<RawResult[]> } {
    const id = this.#nextId;
    this.#nextId += 1;
    const stopped = this.#stopped;
    if (stopped !== undefined) return { id, results: Promise.reject(stopped) };
    const results = new Promise<RawResult[]>((resolve, reject) => {
      if (this.#pending.size === 0) this.worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...work, id });
    });
    return { id, results };
  }

  /** How many group commits the writer made, and how many requests they committed. */
  get groupCommits(): { readonly commits: number; readonly requests: number } {
    return { ...this.#groupCommits };
  }

  /** Lets the writer finish what it was sent, close its connection and stop. */
  async close(): Promise<void> {
    // Held until the thread has stopped, so that awaiting this keeps the process alive till then.
    this.#closing = true;
    this.worker.ref();
    if (this.#stopped === undefined) {
      try {
        await this.request({ kind: 'close' });
      } catch {
        // it stopped already: nothing is left to close
      }
    }
    await this.#exited;
  }

  #settle(replies: WriterReply[]): void {
    for (const reply of replies) {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) continue;
      this.#pending.delete(reply.id);
      if (reply.ok && reply.commit !== undefined) {
        this.#groupCommits.commits = Math.max(this.#groupCommits.commits, reply.commit);
        this.#groupCommits.requests += 1;
      }
      if (reply.ok) pending.resolve(reply.results);
      else pending.reject(toError(reply.error, reply.statementIndex));
    }
    if (this.#pending.size === 0 && !this.#closing) this.worker.unref();
  }

  /** The thread stopped (closed, or crashed): what it was still working on is answered with an error. */
  #stop(cause: Error): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = new LibsqlError(`The database writer stopped: ${cause.message}`, 'CLIENT_CLOSED');
    for (const pending of this.#pending.values()) pending.reject(this.#stopped);
    this.#pending.clear();
  }
}

import { type AttemptContext, attemptDue } from './attempts.js';
import { fanOut } from './fan-out.js';

export type { AttemptContext as DispatchContext } from './attempts.js';

/** The bounded work of one dispatch, so that none holds the database or the runtime for long. */
export const DISPATCH_LIMITS = {
  endpoints: 100,
  eventsPerEndpoint: 100,
  deliveries: 50,
  concurrency: 8,
} as const;

export interface DispatchResult {
  readonly scheduled: number;
  readonly attempted: number;
  readonly delivered: number;
}

/** One dispatch: new events become deliveries, then the due deliveries are sent. */
export async function dispatchOnce(context: AttemptContext): Promise<DispatchResult> {
  const scheduled = await fanOut(context, DISPATCH_LIMITS);
  const { attempted, delivered } = await attemptDue(context, DISPATCH_LIMITS);
  return { scheduled, attempted, delivered };
}

export interface DispatcherOptions {
  /** Dispatches one run may make in a row while asked again or while a dispatch was full. */
  readonly rounds?: number;
  /**
   * A run older than this (on the context's clock) is no longer waited for: the next ask starts a
   * new one. Workers cancel work left in `waitUntil` after their time runs out, and a promise of a
   * cancelled request never settles; claims keep the abandoned run and the new one apart.
   */
  readonly abandonAfterMs?: number;
}

/**
 * Runs dispatches for one process (Node) or one isolate (Workers). Asked while one runs, it runs
 * once more after it instead of starting a second, at most `rounds` times in a row; what is left
 * waits for the next timer tick or cron run. Errors are reported, never thrown to the asker.
 */
export class Dispatcher {
  private running: Promise<void> | undefined;
  private startedAt = 0;
  /** Counts runs, so that an abandoned run ending late does not clear the one after it. */
  private started = 0;
  private again = false;
  private readonly rounds: number;
  private readonly abandonAfterMs: number;

  constructor(
    private readonly context: AttemptContext,
    private readonly report: (error: unknown) => void,
    options: DispatcherOptions = {},
  ) {
    this.rounds = options.rounds ?? 4;
    this.abandonAfterMs = options.abandonAfterMs ?? Number.POSITIVE_INFINITY;
  }

  run(): Promise<void> {
    const nowMs = this.context.clock();
    if (this.running !== undefined && nowMs - this.startedAt < this.abandonAfterMs) {
      this.again = true;
      return this.running;
    }
    this.startedAt = nowMs;
    this.again = false;
    this.started += 1;
    const run = this.started;
    this.running = (async () => {
      try {
        for (let round = 0; round < this.rounds; round += 1) {
          this.again = false;
          const result = await dispatchOnce(this.context);
          const full = result.attempted === DISPATCH_LIMITS.deliveries;
          if (!this.again && !full) break;
        }
      } catch (error) {
        this.report(error);
      } finally {
        if (this.started === run) this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves once the dispatch under way, if any, has finished. */
  async idle(): Promise<void> {
    await this.running;
  }
}

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

/**
 * Runs dispatches for one process (Node) or one isolate (Workers). Asked while one runs, it runs
 * once more after it instead of starting a second, at most `rounds` times in a row; what is left
 * waits for the next timer tick or cron run. Errors are reported, never thrown to the asker.
 */
export class Dispatcher {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly context: AttemptContext,
    private readonly report: (error: unknown) => void,
    private readonly rounds = 4,
  ) {}

  run(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
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
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves once the dispatch under way, if any, has finished. */
  async idle(): Promise<void> {
    await this.running;
  }
}

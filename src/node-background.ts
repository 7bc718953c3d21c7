import { sweepLapsedReservations } from './catalogue/resolve.js';
import type { AppDependencies } from './dependencies.js';
import { pruneEvents } from './events/retention.js';
import { sendExpiryNotices, sweepExpiredPoints } from './ledger/expiry.js';
import { pruneMemberSecrets } from './members/housekeeping.js';
import { reviewDueStatuses } from './status/sweep.js';
import { Dispatcher } from './webhooks/dispatch.js';
import type { WebhookTransport } from './webhooks/transport.js';

export interface BackgroundJobs {
  /** Wakes the webhook dispatcher: a write committed events, or deliveries were scheduled. */
  readonly webhooksDue: () => void;
  /** Stops the timers and waits for the work under way. */
  stop(): Promise<void>;
}

const MINUTE_MS = 60_000;
/**
 * How soon after a write with events the dispatcher runs. Waking it for every write kept it
 * dispatching without pause under load (three queries each time, endpoints or not): an earn took
 * about a third more server CPU in one `npm run bench -- --quick`. Now writes in the same tenth of
 * a second share one dispatch.
 */
const WAKE_DELAY_MS = 100;

/**
 * What the Node server runs beside its requests, as the Worker's cron does: the webhook
 * dispatcher (every WEBHOOK_DISPATCH_INTERVAL_MS, and within WAKE_DELAY_MS after a write that
 * committed events) and the housekeeping (expiry sweep, lapsed catalogue reservations, expiry notices, status reviews,
 * event pruning, spent member secrets; at start, then every
 * HOUSEKEEPING_INTERVAL_MINUTES). Each runs one at a time, in bounded steps, never inside a
 * request; several processes on one database share the work safely (claims and guards).
 */
export function startBackgroundJobs(deps: AppDependencies, transport: WebhookTransport): BackgroundJobs {
  const { config } = deps;
  const report = (job: string) => (error: unknown) =>
    console.error(
      JSON.stringify({ level: 'error', job, message: error instanceof Error ? error.stack : String(error) }),
    );
  const dispatcher = new Dispatcher({ ...deps, transport, random: Math.random }, report('webhooks'));
  const timers: ReturnType<typeof setInterval>[] = [];
  const dispatching = config.webhooks.dispatchIntervalMs > 0;
  if (dispatching) timers.push(setInterval(() => void dispatcher.run(), config.webhooks.dispatchIntervalMs));

  let housekeeping: Promise<void> | undefined;
  const keepHouse = () => {
    housekeeping ??= (async () => {
      try {
        await sweepExpiredPoints(deps);
        await sweepLapsedReservations(deps);
        await sendExpiryNotices(deps);
        await reviewDueStatuses(deps);
        await pruneEvents(deps);
        await pruneMemberSecrets(deps);
        if (dispatching) void dispatcher.run();
      } catch (error) {
        report('housekeeping')(error);
      } finally {
        housekeeping = undefined;
      }
    })();
  };
  if (config.housekeepingIntervalMinutes > 0) {
    timers.push(setInterval(keepHouse, config.housekeepingIntervalMinutes * MINUTE_MS));
    keepHouse();
  }

  // Writes ask for a dispatch soon, not each its own: under load, one every WAKE_DELAY_MS at most.
  let wake: ReturnType<typeof setTimeout> | undefined;
  return {
    webhooksDue: () => {
      if (!dispatching || wake !== undefined) return;
      wake = setTimeout(() => {
        wake = undefined;
        void dispatcher.run();
      }, WAKE_DELAY_MS);
    },
    async stop() {
      clearTimeout(wake);
      for (const timer of timers) clearInterval(timer);
      await Promise.all([dispatcher.idle(), housekeeping]);
    },
  };
}

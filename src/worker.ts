import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from './app.js';
import { sweepLapsedReservations } from './catalogue/resolve.js';
import type { AppDependencies } from './dependencies.js';
import { domainError } from './domain/errors.js';
import { createIdGenerator } from './domain/ids.js';
import { pruneEvents } from './events/retention.js';
import type { AppEnv } from './http/context.js';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './http/problems.js';
import { sendExpiryNotices, sweepExpiredPoints } from './ledger/expiry.js';
import { pruneMemberSecrets } from './members/housekeeping.js';
import { reviewDueStatuses } from './status/sweep.js';
import { Dispatcher } from './webhooks/dispatch.js';
import { fetchTransport } from './webhooks/transport.js';
import {
  buildWorkerDependencies,
  type OpenRemoteDatabase,
  type WorkerMisconfiguration,
} from './worker/dependencies.js';
import type { ExportedHandler, WorkerEnv } from './worker/types.js';

type Wiring =
  | { ok: true; deps: AppDependencies; app: OpenAPIHono<AppEnv>; dispatcher: Dispatcher }
  | ({ ok: false } & WorkerMisconfiguration);

/**
 * The Worker's handlers. `openRemote` opens a remote libSQL database when no D1 is bound: only the
 * libSQL build (src/worker-libsql.ts) passes one, so the D1 build carries no libSQL client.
 */
export function createWorker(openRemote?: OpenRemoteDatabase): ExportedHandler<WorkerEnv> {
  /**
   * One wiring per env object, that is per isolate: the app, its database handle and its imported
   * keys are built on the first request and reused by every later one in the same isolate.
   */
  const wirings = new WeakMap<WorkerEnv, Promise<Wiring>>();
  const wiringFor = (env: WorkerEnv): Promise<Wiring> => {
    let wiring = wirings.get(env);
    if (wiring === undefined) {
      wiring = buildWorkerDependencies(env, Date.now, openRemote).then((built) => {
        if (!built.ok) return built;
        // One dispatcher per isolate: writes that commit events hand it to waitUntil, the cron runs it.
        const dispatcher = new Dispatcher(
          { ...built.deps, transport: fetchTransport, random: Math.random },
          (error) => logError('webhooks', error),
          { abandonAfterMs: ABANDON_DISPATCH_AFTER_MS },
        );
        const webhooksDue = (waitUntil: ((work: Promise<unknown>) => void) | undefined) =>
          waitUntil?.(dispatcher.run());
        return { ...built, dispatcher, app: createApp({ ...built.deps, webhooksDue }) };
      });
      wirings.set(env, wiring);
    }
    return wiring;
  };

  return {
    async fetch(request, env, context) {
      const wiring = await wiringFor(env);
      if (wiring.ok) return wiring.app.fetch(request, env, context);
      return misconfiguredResponse(wiring);
    },

    /**
     * The cron triggers of wrangler.toml: every minute the webhook dispatcher (deliveries due, and
     * events no write's waitUntil fanned out), hourly also the expiry sweep, lapsed reservations,
     * the status reviews due, notices and pruning. A failure fails the run, so Cloudflare shows it.
     */
    async scheduled(controller, env) {
      const wiring = await wiringFor(env);
      if (!wiring.ok) {
        console.error(
          JSON.stringify({
            level: 'error',
            job: 'expiry-sweep',
            message: `Tessera is not configured: ${wiring.reason}`,
          }),
        );
        throw new Error(`Tessera is not configured: ${wiring.detail}`);
      }
      if (controller.cron === WEBHOOK_CRON) {
        await wiring.dispatcher.run();
        return;
      }
      // One run stays well inside D1's per-invocation query limit; the next run continues.
      const result = await sweepExpiredPoints(wiring.deps, { maxLots: EXPIRY_LOTS_PER_RUN });
      const reservationsLapsed = await sweepLapsedReservations(wiring.deps, {
        maxReservations: RESERVATIONS_PER_RUN,
      });
      const notices = await sendExpiryNotices(wiring.deps, { maxLots: EXPIRY_LOTS_PER_RUN });
      const statuses = await reviewDueStatuses(wiring.deps, { maxMembers: STATUS_REVIEWS_PER_RUN });
      await pruneEvents(wiring.deps);
      await pruneMemberSecrets(wiring.deps);
      console.log(
        JSON.stringify({
          level: 'info',
          job: 'expiry-sweep',
          cron: controller.cron,
          ...result,
          reservationsLapsed,
          expiryNotices: notices,
          statusesReviewed: statuses.reviewed,
          statusesChanged: statuses.changed,
        }),
      );
      await wiring.dispatcher.run();
    },
  };
}

export default createWorker();

const EXPIRY_LOTS_PER_RUN = 400;
/** Each lapsed reservation is a few dozen statements; a run stays inside D1's limit, the next continues. */
const RESERVATIONS_PER_RUN = 40;
/**
 * A dispatch still running after this long is not waited for: `waitUntil` work is cancelled about
 * 30 s after the response, and its promise then never settles.
 */
const ABANDON_DISPATCH_AFTER_MS = 60_000;
/** The every-minute cron of wrangler.toml, which runs only the webhook dispatcher. */
const WEBHOOK_CRON = '* * * * *';

function logError(job: string, error: unknown): void {
  console.error(
    JSON.stringify({ level: 'error', job, message: error instanceof Error ? error.stack : String(error) }),
  );
}
/** A review is one batch of reads and one of writes (some twenty statements): with the expiry sweep, inside D1's per-invocation query limit; the next run continues. */
const STATUS_REVIEWS_PER_RUN = 30;

/** Every request answers 500 until the worker is configured; the log says how to fix it. */
function misconfiguredResponse(misconfiguration: WorkerMisconfiguration): Response {
  const requestId = createIdGenerator(Date.now)('req');
  console.error(
    JSON.stringify({
      level: 'error',
      requestId,
      message: `Tessera is not configured: ${misconfiguration.reason}`,
    }),
  );
  const detail = `The worker is not configured: ${misconfiguration.detail}. Quote request id ${requestId} when reporting it.`;
  const document = problemDocument(domainError('internal_error', detail), requestId);
  return new Response(JSON.stringify(document), {
    status: document.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'x-request-id': requestId },
  });
}

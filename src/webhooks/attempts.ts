import { asPartnerMaySee } from '../db/events-feed.js';
import {
  type AttemptRow,
  claimDeliveryStatement,
  type DueDelivery,
  dueDeliveries,
  findDelivery,
  findEndpoint,
  insertAttemptStatement,
  settleDeliveryStatement,
  updateEndpointStatement,
} from '../db/webhooks.js';
import type { LedgerContext } from '../dependencies.js';
import { isDomainError } from '../domain/errors.js';
import { LONGEST_RETRY_AFTER_MS, MAX_RETRIES, retryDelayMs } from '../domain/webhooks/retries.js';
import { signatureHeader } from '../domain/webhooks/signing.js';
import { eventDraft } from '../events/draft.js';
import { eventView } from '../events/wire.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { runWrite } from '../writes/run.js';
import { writeOptions } from './fan-out.js';
import type { WebhookResponse, WebhookTransport } from './transport.js';

const DAY_MS = 86_400_000;

export interface AttemptContext extends LedgerContext {
  readonly transport: WebhookTransport;
  /** Uniform in [0, 1): the jitter of retries. */
  readonly random: () => number;
}

export interface AttemptLimits {
  /** Deliveries claimed and sent in one dispatch. */
  readonly deliveries: number;
  /** Of them, sent at the same time. */
  readonly concurrency: number;
}

export interface AttemptTally {
  readonly attempted: number;
  readonly delivered: number;
}

/**
 * Sends the deliveries that are due: claims them (one batch, guarded, so two dispatchers never
 * send the same delivery at once), sends each signed, and records each outcome in a batch of its
 * own. A dispatcher that dies after claiming leaves its deliveries due again when their claim runs
 * out: at least once, with the same `webhook-id`.
 */
export async function attemptDue(context: AttemptContext, limits: AttemptLimits): Promise<AttemptTally> {
  const claimed = await runWrite(context.db, writeOptions(context), () =>
    planClaim(context, limits.deliveries),
  );
  if (isDomainError(claimed)) return { attempted: 0, delivered: 0 };
  let delivered = 0;
  const queue = [...claimed.body];
  const senders = Array.from({ length: Math.min(limits.concurrency, queue.length) }, async () => {
    for (let due = queue.shift(); due !== undefined; due = queue.shift()) {
      const attemptedAt = context.clock();
      const response = await send(context, due, attemptedAt);
      if (response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300)
        delivered += 1;
      await runWrite(context.db, writeOptions(context), () =>
        planRecord(context, due, attemptedAt, response),
      );
    }
  });
  await Promise.all(senders);
  return { attempted: claimed.body.length, delivered };
}

async function planClaim(context: AttemptContext, limit: number): Promise<WritePlan<DueDelivery[]>> {
  const { db, clock, config } = context;
  const nowMs = clock();
  const due = await dueDeliveries(db, nowMs, limit);
  // Long enough for the attempt and its record; a claim that outlives a dead dispatcher runs out.
  const leaseUntilMs = nowMs + 2 * config.webhooks.timeoutMs + 1000;
  return {
    status: 200,
    body: due.map((item) => ({
      ...item,
      delivery: { ...item.delivery, attempts: item.delivery.attempts + 1 },
    })),
    statements: due.flatMap((item) => [
      claimDeliveryStatement(db, item.delivery, leaseUntilMs),
      requireChangedRow(db, 'webhook_delivery_claimed'),
    ]),
  };
}

/** Signs and sends one delivery: the event exactly as the feed shows it, per Standard Webhooks. */
async function send(
  context: AttemptContext,
  due: DueDelivery,
  attemptedAtMs: number,
): Promise<WebhookResponse> {
  const { endpoint } = due;
  const [event = due.event] =
    endpoint.partnerId === null
      ? [due.event]
      : await asPartnerMaySee(context.db, endpoint.partnerId, [due.event]);
  const body = JSON.stringify(eventView(event));
  const timestamp = Math.floor(attemptedAtMs / 1000);
  const overlapping =
    endpoint.previousSecret !== null && (endpoint.previousSecretExpiresAt ?? 0) > attemptedAtMs;
  const secrets =
    overlapping && endpoint.previousSecret !== null
      ? [endpoint.secret, endpoint.previousSecret]
      : [endpoint.secret];
  const { webhooks } = context.config;
  return context.transport.send({
    url: endpoint.url,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Tessera-Webhooks/1',
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': await signatureHeader(secrets, event.id, timestamp, body),
    },
    body,
    timeoutMs: webhooks.timeoutMs,
    maxResponseBytes: webhooks.maxResponseBytes,
  });
}

/**
 * Records an attempt and what follows from it, in one batch: the delivery is delivered, scheduled
 * again (backoff with jitter, or later if the receiver asked), or has failed every retry; the
 * endpoint's run of failures starts or ends; and an endpoint that answered 410 Gone, or has failed
 * for WEBHOOK_DISABLE_AFTER_DAYS, is disabled with a `webhook_endpoint.disabled` event, once.
 */
async function planRecord(
  context: AttemptContext,
  due: DueDelivery,
  attemptedAt: number,
  response: WebhookResponse,
): Promise<WritePlan<null>> {
  const { db, ids, clock, config, random } = context;
  const [delivery, endpoint] = await Promise.all([
    findDelivery(db, due.delivery.id),
    findEndpoint(db, due.endpoint.id),
  ]);
  // Deleted meanwhile, with its log: there is nothing to record.
  if (delivery === undefined || endpoint === undefined) return { status: 200, body: null, statements: [] };
  const nowMs = clock();
  const code = response.statusCode;
  const outcome: AttemptRow['outcome'] =
    code !== null && code >= 200 && code < 300 ? 'delivered' : code === 410 ? 'gone' : 'failed';
  const attempt: AttemptRow = {
    id: ids('wha'),
    deliveryId: delivery.id,
    endpointId: endpoint.id,
    eventId: delivery.eventId,
    attempt: due.delivery.attempts,
    attemptedAt,
    statusCode: code,
    latencyMs: response.latencyMs,
    error: response.error,
    outcome,
  };
  const retries = delivery.retries + 1;
  const settle =
    outcome === 'delivered'
      ? { status: 'delivered' as const, retries: delivery.retries, nextAttemptAt: null, deliveredAt: nowMs }
      : outcome === 'gone' || retries > MAX_RETRIES
        ? { status: 'failed' as const, retries, nextAttemptAt: null, deliveredAt: null }
        : {
            status: 'pending' as const,
            retries,
            nextAttemptAt:
              nowMs +
              Math.max(
                retryDelayMs(retries, random()),
                Math.min(response.retryAfterMs ?? 0, LONGEST_RETRY_AFTER_MS),
              ),
            deliveredAt: null,
          };
  const failingSince = outcome === 'delivered' ? null : (endpoint.failingSince ?? attemptedAt);
  const disable =
    endpoint.status === 'enabled' &&
    (outcome === 'gone' ||
      (failingSince !== null && nowMs - failingSince >= config.webhooks.disableAfterDays * DAY_MS));
  const endpointChanges = disable
    ? {
        failingSince,
        status: 'disabled' as const,
        disabledReason: outcome === 'gone' ? ('gone' as const) : ('failing' as const),
      }
    : { failingSince };
  const endpointChanged = disable || failingSince !== endpoint.failingSince;
  return {
    status: 200,
    body: null,
    statements: [
      insertAttemptStatement(db, attempt),
      settleDeliveryStatement(db, delivery.id, settle),
      ...(endpointChanged
        ? [
            updateEndpointStatement(db, endpoint, {
              ...endpointChanges,
              updatedAt: Math.max(nowMs, endpoint.updatedAt + 1),
            }),
            requireChangedRow(db, 'webhook_endpoint_changed'),
          ]
        : []),
    ],
    events: disable
      ? [
          eventDraft(
            context,
            'webhook_endpoint.disabled',
            {
              endpointId: endpoint.id,
              partnerId: endpoint.partnerId,
              reason: endpointChanges.disabledReason ?? 'failing',
              failingSince: failingSince === null ? null : new Date(failingSince).toISOString(),
            },
            { partnerId: endpoint.partnerId },
          ),
        ]
      : [],
  };
}

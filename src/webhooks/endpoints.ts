import { type AuditHook, noAudit } from '../db/audit.js';
import { readFeed } from '../db/events-feed.js';
import {
  deleteEndpointStatements,
  type EndpointOwner,
  type EndpointRow,
  findOwnedEndpoint,
  insertEndpointStatements,
  listOwnedEndpoints,
  scheduleDeliveriesStatements,
  updateEndpointStatement,
} from '../db/webhooks.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { EVENT_TYPES, type EventType, type Receiver } from '../domain/events/registry.js';
import { newSigningSecret } from '../domain/webhooks/signing.js';
import { checkWebhookUrl } from '../domain/webhooks/urls.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';

type Context = Pick<AppDependencies, 'db' | 'ids' | 'clock' | 'config'>;

/** How many endpoints one partner (or the operator) may have: each costs work on every dispatch. */
export const MAX_ENDPOINTS_PER_OWNER = 20;
/** How many events one redelivery request schedules at most; the answer says where to go on. */
export const MAX_REDELIVERIES_PER_REQUEST = 500;
const HOUR_MS = 3_600_000;

export interface EndpointRequest {
  readonly url: string;
  readonly description?: string | null | undefined;
  readonly eventTypes: readonly EventType[];
}

/** What registering an endpoint can be refused with. */
export const CREATE_ENDPOINT_REFUSALS = [
  'webhook_url_not_allowed',
  'event_type_not_receivable',
  'webhook_endpoint_limit_reached',
] as const;

/**
 * Registers an endpoint with its own signing secret (shown once, in this answer). It receives
 * events from now on, of the types it lists; a partner may list only types partners receive.
 */
export async function planCreateEndpoint(
  context: Context,
  owner: EndpointOwner,
  request: EndpointRequest,
  audit: AuditHook = noAudit,
): Promise<WritePlan<EndpointRow> | DomainError<RefusalOf<typeof CREATE_ENDPOINT_REFUSALS>>> {
  const checked = checkRequest(context, owner, request);
  if (isDomainError(checked)) return checked;
  const existing = await listOwnedEndpoints(context.db, owner, MAX_ENDPOINTS_PER_OWNER);
  if (existing.length >= MAX_ENDPOINTS_PER_OWNER) {
    return domainError(
      'webhook_endpoint_limit_reached',
      `An owner may have at most ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints; delete one first.`,
    );
  }
  const nowMs = context.clock();
  const row: Omit<EndpointRow, 'cursorPosition'> = {
    id: context.ids('whe'),
    ownerKind: owner.kind,
    partnerId: owner.kind === 'partner' ? owner.partnerId : null,
    url: checked.href,
    description: request.description ?? null,
    eventTypes: [...new Set(request.eventTypes)],
    status: 'enabled',
    disabledReason: null,
    secret: newSigningSecret(),
    previousSecret: null,
    previousSecretExpiresAt: null,
    failingSince: null,
    createdAt: nowMs,
    updatedAt: nowMs,
  };
  return {
    status: 201,
    // The cursor is decided in the batch (the newest event then); the answer never shows it.
    body: { ...row, cursorPosition: 0 },
    statements: [
      ...insertEndpointStatements(context.db, row, MAX_ENDPOINTS_PER_OWNER),
      requireChangedRow(context.db, 'webhook_endpoint_limit'),
      ...audit(row.id, { origin: checked.origin, eventTypes: row.eventTypes }),
    ],
  };
}

export interface EndpointUpdate extends Partial<EndpointRequest> {
  readonly status?: 'enabled' | 'disabled' | undefined;
}

/** What changing an endpoint can be refused with. */
export const UPDATE_ENDPOINT_REFUSALS = [
  'webhook_endpoint_not_found',
  'webhook_url_not_allowed',
  'event_type_not_receivable',
] as const;

/**
 * Changes the fields sent. Disabling stops its fan-out and its deliveries where they are;
 * enabling resumes both from there (events are kept EVENT_RETENTION_DAYS) and forgets past failures.
 */
export async function planUpdateEndpoint(
  context: Context,
  owner: EndpointOwner,
  endpointId: string,
  update: EndpointUpdate,
  audit: AuditHook = noAudit,
): Promise<WritePlan<EndpointRow> | DomainError<RefusalOf<typeof UPDATE_ENDPOINT_REFUSALS>>> {
  const current = await findOwnedEndpoint(context.db, owner, endpointId);
  if (current === undefined) return endpointNotFound(endpointId);
  const checked = checkRequest(context, owner, {
    url: update.url ?? current.url,
    eventTypes: update.eventTypes ?? current.eventTypes,
  });
  if (isDomainError(checked)) return checked;
  const changes: Partial<EndpointRow> = {
    updatedAt: Math.max(context.clock(), current.updatedAt + 1),
    ...(update.url === undefined ? {} : { url: checked.href }),
    ...(update.description === undefined ? {} : { description: update.description }),
    ...(update.eventTypes === undefined ? {} : { eventTypes: [...new Set(update.eventTypes)] }),
    ...(update.status === 'enabled' && current.status !== 'enabled'
      ? { status: 'enabled', disabledReason: null, failingSince: null }
      : {}),
    ...(update.status === 'disabled' && current.status !== 'disabled'
      ? { status: 'disabled', disabledReason: 'owner' }
      : {}),
  };
  return {
    status: 200,
    body: { ...current, ...changes },
    statements: [
      updateEndpointStatement(context.db, current, changes),
      requireChangedRow(context.db, 'webhook_endpoint_changed'),
      ...audit(endpointId, { origin: checked.origin, ...update, url: undefined }),
    ],
  };
}

/** What deleting an endpoint can be refused with. */
export const DELETE_ENDPOINT_REFUSALS = ['webhook_endpoint_not_found'] as const;

/** Deletes an endpoint at once, with its pending deliveries and its log. */
export async function planDeleteEndpoint(
  context: Context,
  owner: EndpointOwner,
  endpointId: string,
  audit: AuditHook = noAudit,
): Promise<WritePlan<EndpointRow> | DomainError<RefusalOf<typeof DELETE_ENDPOINT_REFUSALS>>> {
  const current = await findOwnedEndpoint(context.db, owner, endpointId);
  if (current === undefined) return endpointNotFound(endpointId);
  return {
    status: 200,
    body: current,
    statements: [
      ...deleteEndpointStatements(context.db, endpointId),
      requireChangedRow(context.db, 'webhook_endpoint_deleted'),
      ...audit(endpointId, {}),
    ],
  };
}

/** What rotating a secret can be refused with. */
export const ROTATE_SECRET_REFUSALS = ['webhook_endpoint_not_found'] as const;

/**
 * A new signing secret (shown once, in this answer). For `overlapHours` the previous one signs
 * too, so a receiver can switch without losing a delivery; a previous secret still overlapping
 * an earlier rotation stops signing now.
 */
export async function planRotateSecret(
  context: Context,
  owner: EndpointOwner,
  endpointId: string,
  overlapHours: number,
  audit: AuditHook = noAudit,
): Promise<WritePlan<EndpointRow> | DomainError<RefusalOf<typeof ROTATE_SECRET_REFUSALS>>> {
  const current = await findOwnedEndpoint(context.db, owner, endpointId);
  if (current === undefined) return endpointNotFound(endpointId);
  const nowMs = context.clock();
  const changes: Partial<EndpointRow> = {
    secret: newSigningSecret(),
    previousSecret: overlapHours > 0 ? current.secret : null,
    previousSecretExpiresAt: overlapHours > 0 ? nowMs + overlapHours * HOUR_MS : null,
    updatedAt: Math.max(nowMs, current.updatedAt + 1),
  };
  return {
    status: 201,
    body: { ...current, ...changes },
    statements: [
      updateEndpointStatement(context.db, current, changes),
      requireChangedRow(context.db, 'webhook_endpoint_changed'),
      ...audit(endpointId, { overlapHours }),
    ],
  };
}

/** One event, or the events of a time range, to send to an endpoint again. */
export type RedeliveryRequest =
  | { readonly eventId: string }
  | { readonly since: number; readonly until: number };

export interface RedeliveryOutcome {
  readonly scheduled: number;
  /** The range held more events than one request schedules: ask again from `resumeFrom`. */
  readonly resumeFrom: number | null;
}

/** What a redelivery can be refused with. */
export const REDELIVER_REFUSALS = [
  'webhook_endpoint_not_found',
  'webhook_endpoint_disabled',
  'event_not_found',
] as const;

/**
 * Schedules events again, now, whatever became of their earlier deliveries: one event the endpoint
 * may receive (of any type), or every event of a time range of the types it lists. The events are
 * read exactly as its fan-out and the owner's feed read them, so no one receives what they may not.
 */
export async function planRedeliver(
  context: Context,
  owner: EndpointOwner,
  endpointId: string,
  request: RedeliveryRequest,
  audit: AuditHook = noAudit,
): Promise<WritePlan<RedeliveryOutcome> | DomainError<RefusalOf<typeof REDELIVER_REFUSALS>>> {
  const { db, ids, clock } = context;
  const endpoint = await findOwnedEndpoint(db, owner, endpointId);
  if (endpoint === undefined) return endpointNotFound(endpointId);
  if (endpoint.status !== 'enabled') {
    return domainError(
      'webhook_endpoint_disabled',
      `Webhook endpoint ${endpointId} is disabled; enable it (PATCH status "enabled") first.`,
    );
  }
  const single = 'eventId' in request;
  const found = await readFeed(db, readerOf(endpoint), {
    after: 0,
    types: single ? [] : endpoint.eventTypes,
    limit: single ? 1 : MAX_REDELIVERIES_PER_REQUEST + 1,
    ...(single ? { eventId: request.eventId } : { occurredBetween: [request.since, request.until] }),
  });
  if (single && found.length === 0)
    return domainError('event_not_found', `There is no event ${request.eventId} for this endpoint.`);
  const scheduled = found.slice(0, MAX_REDELIVERIES_PER_REQUEST);
  const nowMs = clock();
  return {
    status: 200,
    body: {
      scheduled: scheduled.length,
      resumeFrom: found.length > scheduled.length ? (found.at(-1)?.occurredAt ?? null) : null,
    },
    statements: [
      // Still the endpoint read (enabled, not deleted) when the deliveries are written.
      updateEndpointStatement(db, endpoint, { updatedAt: endpoint.updatedAt }),
      requireChangedRow(db, 'webhook_endpoint_changed'),
      ...scheduleDeliveriesStatements(
        db,
        scheduled.map((event) => ({ id: ids('whd'), endpointId, event })),
        nowMs,
        true,
      ),
      ...audit(
        endpointId,
        single ? { eventId: request.eventId } : { since: request.since, until: request.until },
      ),
    ],
  };
}

/** Whose feed an endpoint receives: its partner's, or every event for the operator's. */
export function readerOf(endpoint: Pick<EndpointRow, 'partnerId'>) {
  return endpoint.partnerId === null
    ? ({ kind: 'operator' } as const)
    : ({ kind: 'partner', id: endpoint.partnerId } as const);
}

function checkRequest(
  context: Context,
  owner: EndpointOwner,
  request: EndpointRequest,
): URL | DomainError<'webhook_url_not_allowed' | 'event_type_not_receivable'> {
  const url = checkWebhookUrl(request.url, { allowPrivate: context.config.webhooks.allowPrivateUrls });
  if (isDomainError(url)) return url;
  if (owner.kind === 'partner') {
    const foreign = request.eventTypes.filter(
      (type) => !(EVENT_TYPES[type].receivers as readonly Receiver[]).includes('partner'),
    );
    if (foreign.length > 0) {
      return domainError(
        'event_type_not_receivable',
        `Partners never receive ${[...new Set(foreign)].join(', ')}; the registry sends them to members or the operator only.`,
      );
    }
  }
  return url;
}

function endpointNotFound(endpointId: string): DomainError<'webhook_endpoint_not_found'> {
  return domainError('webhook_endpoint_not_found', `There is no webhook endpoint ${endpointId}.`);
}

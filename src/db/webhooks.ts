import { and, asc, desc, eq, isNull, lt, lte, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import type { EventRow } from './events-feed.js';
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from './schema/index.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** Who owns an endpoint: a partner, or the operator (the network). */
export type EndpointOwner =
  | { readonly kind: 'operator' }
  | { readonly kind: 'partner'; readonly partnerId: string };

const ownedBy = (owner: EndpointOwner) =>
  owner.kind === 'operator'
    ? eq(webhookEndpoints.ownerKind, 'operator')
    : and(eq(webhookEndpoints.ownerKind, 'partner'), eq(webhookEndpoints.partnerId, owner.partnerId));

/** The endpoint, if this owner has it: another owner's endpoint is as unknown as a made-up id. */
export async function findOwnedEndpoint(
  db: Database,
  owner: EndpointOwner,
  endpointId: string,
): Promise<EndpointRow | undefined> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), ownedBy(owner)));
  return row;
}

export async function findEndpoint(db: Database, endpointId: string): Promise<EndpointRow | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
  return row;
}

/** An owner's endpoints, oldest first, after a cursor (ids sort by creation). */
export function listOwnedEndpoints(db: Database, owner: EndpointOwner, limit: number, afterId?: string) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(ownedBy(owner), afterId === undefined ? undefined : sql`${webhookEndpoints.id} > ${afterId}`))
    .orderBy(asc(webhookEndpoints.id))
    .limit(limit);
}

/**
 * A new endpoint, written only while its owner has fewer than `maxPerOwner` (guarded in the
 * batch), starting after the newest event: it receives what happens from now on.
 */
export function insertEndpointStatements(
  db: Database,
  row: Omit<EndpointRow, 'cursorPosition'>,
  maxPerOwner: number,
): BatchStatement[] {
  const sameOwner =
    row.partnerId === null
      ? sql`owner_kind = 'operator'`
      : sql`owner_kind = 'partner' AND partner_id = ${row.partnerId}`;
  return [
    db.run(sql`INSERT INTO webhook_endpoints (id, owner_kind, partner_id, url, description, event_types, status,
        disabled_reason, secret, previous_secret, previous_secret_expires_at, cursor_position, failing_since,
        created_at, updated_at)
      SELECT ${row.id}, ${row.ownerKind}, ${row.partnerId}, ${row.url}, ${row.description},
        ${JSON.stringify(row.eventTypes)}, ${row.status}, ${row.disabledReason}, ${row.secret}, ${row.previousSecret},
        ${row.previousSecretExpiresAt}, (SELECT COALESCE(MAX(position), 0) FROM events), NULL,
        ${row.createdAt}, ${row.updatedAt}
      WHERE (SELECT COUNT(*) FROM webhook_endpoints WHERE ${sameOwner}) < ${maxPerOwner}`),
  ];
}

/** Changes an endpoint if it is still as it was read (`updatedAt`); guard it with `requireChangedRow`. */
export function updateEndpointStatement(
  db: Database,
  current: Pick<EndpointRow, 'id' | 'updatedAt'>,
  changes: Partial<EndpointRow>,
): BatchStatement {
  return db
    .update(webhookEndpoints)
    .set(changes)
    .where(and(eq(webhookEndpoints.id, current.id), eq(webhookEndpoints.updatedAt, current.updatedAt)));
}

/** An endpoint with its deliveries and its log. */
export function deleteEndpointStatements(db: Database, endpointId: string): BatchStatement[] {
  return [
    db.delete(webhookAttempts).where(eq(webhookAttempts.endpointId, endpointId)),
    db.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)),
    db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)),
  ];
}

/** The position of the newest event: everything up to it has committed. */
export async function headPosition(db: Database): Promise<number> {
  const [row] = await db.select({ position: sql<number | null>`MAX(${events.position})` }).from(events);
  return row?.position ?? 0;
}

/** Enabled endpoints that have not yet looked at every event up to `head`, furthest behind first. */
export function endpointsBehind(db: Database, head: number, limit: number) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.status, 'enabled'), lt(webhookEndpoints.cursorPosition, head)))
    .orderBy(asc(webhookEndpoints.cursorPosition))
    .limit(limit);
}

/** D1 binds at most 100 parameters per statement. */
const DELIVERIES_PER_STATEMENT = 10;

export interface NewDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly event: Pick<EventRow, 'position' | 'id'>;
}

/**
 * Schedules deliveries due at `nowMs`. A delivery the endpoint already has is scheduled again
 * when `again` (a manual redelivery), and left as it is otherwise (a fan-out that ran twice).
 */
export function scheduleDeliveriesStatements(
  db: Database,
  deliveries: readonly NewDelivery[],
  nowMs: number,
  again: boolean,
): BatchStatement[] {
  const statements: BatchStatement[] = [];
  for (let start = 0; start < deliveries.length; start += DELIVERIES_PER_STATEMENT) {
    const insert = db.insert(webhookDeliveries).values(
      deliveries.slice(start, start + DELIVERIES_PER_STATEMENT).map((delivery) => ({
        id: delivery.id,
        endpointId: delivery.endpointId,
        eventPosition: delivery.event.position,
        eventId: delivery.event.id,
        status: 'pending' as const,
        attempts: 0,
        retries: 0,
        nextAttemptAt: nowMs,
        createdAt: nowMs,
      })),
    );
    const target = [webhookDeliveries.endpointId, webhookDeliveries.eventPosition];
    statements.push(
      again
        ? insert.onConflictDoUpdate({
            target,
            set: { status: 'pending', retries: 0, nextAttemptAt: nowMs, deliveredAt: null },
          })
        : insert.onConflictDoNothing({ target }),
    );
  }
  return statements;
}

/** Moves one endpoint's cursor from where it was read; guard it with `requireChangedRow`. */
export function moveCursorStatement(
  db: Database,
  endpointId: string,
  from: number,
  to: number,
): BatchStatement {
  return db
    .update(webhookEndpoints)
    .set({ cursorPosition: to })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.cursorPosition, from)));
}

/**
 * Moves the cursors of endpoints that had nothing to receive up to `head` in one statement. Never
 * backwards; nothing is skipped, since every event up to `head` had committed when they were read.
 */
export function skipCursorsStatement(
  db: Database,
  endpointIds: readonly string[],
  head: number,
): BatchStatement {
  return db.run(sql`UPDATE webhook_endpoints SET cursor_position = ${head}
    WHERE cursor_position < ${head} AND status = 'enabled' AND id IN (${sql.join(
      endpointIds.map((id) => sql`${id}`),
      sql`, `,
    )})`);
}

/** A delivery that is due, with what sending it needs. */
export interface DueDelivery {
  readonly delivery: Pick<DeliveryRow, 'id' | 'attempts' | 'retries' | 'nextAttemptAt' | 'eventId'>;
  readonly endpoint: Pick<
    EndpointRow,
    'id' | 'url' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt' | 'partnerId'
  >;
  readonly event: EventRow;
}

/** Pending deliveries of enabled endpoints due by `nowMs`, longest due first. */
export async function dueDeliveries(db: Database, nowMs: number, limit: number): Promise<DueDelivery[]> {
  return db
    .select({
      delivery: {
        id: webhookDeliveries.id,
        attempts: webhookDeliveries.attempts,
        retries: webhookDeliveries.retries,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        eventId: webhookDeliveries.eventId,
      },
      endpoint: {
        id: webhookEndpoints.id,
        url: webhookEndpoints.url,
        secret: webhookEndpoints.secret,
        previousSecret: webhookEndpoints.previousSecret,
        previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
        partnerId: webhookEndpoints.partnerId,
      },
      event: events,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(events, eq(events.position, webhookDeliveries.eventPosition))
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, nowMs),
        eq(webhookEndpoints.status, 'enabled'),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
}

/**
 * Claims a due delivery for one attempt: the attempt is counted and the delivery is not due again
 * until `leaseUntilMs`, so no other dispatcher sends it meanwhile, and a dispatcher that dies
 * mid-attempt leaves it due again then. Guarded on the due time read; guard it with `requireChangedRow`.
 */
export function claimDeliveryStatement(
  db: Database,
  delivery: DueDelivery['delivery'],
  leaseUntilMs: number,
): BatchStatement {
  return db
    .update(webhookDeliveries)
    .set({ attempts: delivery.attempts + 1, nextAttemptAt: leaseUntilMs })
    .where(
      and(
        eq(webhookDeliveries.id, delivery.id),
        eq(webhookDeliveries.status, 'pending'),
        delivery.nextAttemptAt === null
          ? isNull(webhookDeliveries.nextAttemptAt)
          : eq(webhookDeliveries.nextAttemptAt, delivery.nextAttemptAt),
      ),
    );
}

export async function findDelivery(db: Database, deliveryId: string): Promise<DeliveryRow | undefined> {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  return row;
}

export function insertAttemptStatement(db: Database, row: AttemptRow): BatchStatement {
  return db.insert(webhookAttempts).values(row);
}

/** Settles a pending delivery after an attempt; one already settled by another attempt stays as it is. */
export function settleDeliveryStatement(
  db: Database,
  deliveryId: string,
  changes: Pick<DeliveryRow, 'status' | 'retries' | 'nextAttemptAt' | 'deliveredAt'>,
): BatchStatement {
  return db
    .update(webhookDeliveries)
    .set(changes)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')));
}

/** An endpoint's delivery log, newest attempt first. */
export function listAttempts(
  db: Database,
  endpointId: string,
  options: { limit: number; beforeId?: string | undefined; eventId?: string | undefined },
) {
  return db
    .select()
    .from(webhookAttempts)
    .where(
      and(
        eq(webhookAttempts.endpointId, endpointId),
        options.beforeId === undefined ? undefined : lt(webhookAttempts.id, options.beforeId),
        options.eventId === undefined ? undefined : eq(webhookAttempts.eventId, options.eventId),
      ),
    )
    .orderBy(desc(webhookAttempts.id))
    .limit(options.limit);
}

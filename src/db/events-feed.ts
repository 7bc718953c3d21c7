import { and, asc, eq, gt, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { EventType } from '../domain/events/registry.js';
import { membersRefusing } from './contact.js';
import type { Database } from './database.js';
import { eventRecipients, events, webhookAttempts, webhookDeliveries } from './schema/index.js';

export type EventRow = typeof events.$inferSelect;

/** Whose feed: the operator's (every event), a partner's or a member's (the events addressed to them). */
export type FeedReader = { kind: 'operator' } | { kind: 'partner' | 'member'; id: string };

export interface FeedQuery {
  readonly after: number;
  /** The types to keep; all when none. */
  readonly types: readonly EventType[];
  readonly limit: number;
  /** Only this event (a webhook redelivery). */
  readonly eventId?: string | undefined;
  /** Only events that occurred in this interval, both ends included (a webhook redelivery). */
  readonly occurredBetween?: readonly [fromMs: number, untilMs: number] | undefined;
}

/**
 * Events after a position, oldest first, as the reader may see them: the one place that decides
 * what a partner, a member app or the operator receives, for the feed and for webhooks alike.
 */
export async function readFeed(db: Database, reader: FeedReader, query: FeedQuery): Promise<EventRow[]> {
  const between = query.occurredBetween;
  const filters = and(
    query.types.length === 0 ? undefined : inArray(events.type, [...query.types]),
    query.eventId === undefined ? undefined : eq(events.id, query.eventId),
    between === undefined
      ? undefined
      : and(gte(events.occurredAt, between[0]), lte(events.occurredAt, between[1])),
  );
  if (reader.kind === 'operator') {
    return db
      .select()
      .from(events)
      .where(and(gt(events.position, query.after), filters))
      .orderBy(asc(events.position))
      .limit(query.limit);
  }
  const rows = await db
    .select({ event: events })
    .from(eventRecipients)
    .innerJoin(events, eq(events.position, eventRecipients.position))
    .where(
      and(
        eq(eventRecipients.kind, reader.kind),
        eq(eventRecipients.recipientId, reader.id),
        gt(eventRecipients.position, query.after),
        filters,
      ),
    )
    .orderBy(asc(eventRecipients.position))
    .limit(query.limit);
  const found = rows.map((row) => row.event);
  return reader.kind === 'partner' ? asPartnerMaySee(db, reader.id, found) : found;
}

/**
 * Events as a partner may read them now: a member's tier only while the member lets the partner
 * see it. Applied when the feed is read and when a webhook is sent, so a revoked consent holds
 * for every event not yet handed to the partner, older ones included.
 */
export async function asPartnerMaySee(
  db: Database,
  partnerId: string,
  rows: EventRow[],
): Promise<EventRow[]> {
  const withTier = rows.filter((row) => row.type === 'tier.bonus_credited');
  if (withTier.length === 0) return rows;
  const memberIds = withTier.map((row) => (JSON.parse(row.data) as { memberId: string }).memberId);
  const refusing = await membersRefusing(db, partnerId, 'tier', [...new Set(memberIds)]);
  if (refusing.size === 0) return rows;
  return rows.map((row) => {
    if (row.type !== 'tier.bonus_credited') return row;
    const data = JSON.parse(row.data) as { memberId: string; tier: string | null };
    return refusing.has(data.memberId) ? { ...row, data: JSON.stringify({ ...data, tier: null }) } : row;
  });
}

/** The oldest position still kept, so a reader can tell its cursor fell out of the retention window. */
export async function oldestPosition(db: Database): Promise<number | undefined> {
  const [row] = await db.select({ position: sql<number | null>`MIN(${events.position})` }).from(events);
  return row?.position ?? undefined;
}

/**
 * Deletes the events that occurred before `beforeMs`, with their recipients and their webhook
 * deliveries and attempts: the delivery log is kept as long as the events it delivered.
 */
export function pruneEventStatements(db: Database, beforeMs: number) {
  const old = db.select({ position: events.position }).from(events).where(lt(events.occurredAt, beforeMs));
  const oldDeliveries = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.eventPosition, old));
  return [
    db.delete(webhookAttempts).where(inArray(webhookAttempts.deliveryId, oldDeliveries)),
    db.delete(webhookDeliveries).where(inArray(webhookDeliveries.eventPosition, old)),
    db.delete(eventRecipients).where(inArray(eventRecipients.position, old)),
    db.delete(events).where(lt(events.occurredAt, beforeMs)),
  ];
}

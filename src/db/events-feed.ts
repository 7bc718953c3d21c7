import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { EventType } from '../domain/events/registry.js';
import type { Database } from './database.js';
import { eventRecipients, events } from './schema/index.js';

export type EventRow = typeof events.$inferSelect;

/** Whose feed: the operator's (every event), a partner's or a member's (the events addressed to them). */
export type FeedReader = { kind: 'operator' } | { kind: 'partner' | 'member'; id: string };

/** Events after a position, oldest first, of the given types (all when none), as the reader may see them. */
export async function readFeed(
  db: Database,
  reader: FeedReader,
  query: { after: number; types: readonly EventType[]; limit: number },
): Promise<EventRow[]> {
  const ofTypes = query.types.length === 0 ? undefined : inArray(events.type, [...query.types]);
  if (reader.kind === 'operator') {
    return db
      .select()
      .from(events)
      .where(and(gt(events.position, query.after), ofTypes))
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
        ofTypes,
      ),
    )
    .orderBy(asc(eventRecipients.position))
    .limit(query.limit);
  return rows.map((row) => row.event);
}

/** The oldest position still kept, so a reader can tell its cursor fell out of the retention window. */
export async function oldestPosition(db: Database): Promise<number | undefined> {
  const [row] = await db.select({ position: sql<number | null>`MIN(${events.position})` }).from(events);
  return row?.position ?? undefined;
}

/** Deletes the events (and their recipients) that occurred before `beforeMs`; answers how many. */
export function pruneEventStatements(db: Database, beforeMs: number) {
  const old = db.select({ position: events.position }).from(events).where(lt(events.occurredAt, beforeMs));
  return [
    db.delete(eventRecipients).where(inArray(eventRecipients.position, old)),
    db.delete(events).where(lt(events.occurredAt, beforeMs)),
  ];
}

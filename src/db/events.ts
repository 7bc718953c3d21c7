import { sql } from 'drizzle-orm';
import { EVENT_VERSION } from '../domain/events/registry.js';
import type { EventDraft } from '../events/draft.js';
import type { BatchStatement, Database } from './database.js';

/**
 * The statements that record an event in the write's own batch: the event (with the ledger
 * sequence the batch's transfers reached, when it moved points) and its receivers, keyed by the
 * position the event was given.
 */
export function insertEventStatements(db: Database, event: EventDraft): BatchStatement[] {
  const sequence = event.ledger ? sql`(SELECT MAX(sequence) FROM transfers)` : sql`NULL`;
  const statements: BatchStatement[] = [
    db.run(sql`INSERT INTO events (id, type, version, occurred_at, sequence, data)
      VALUES (${event.id}, ${event.type}, ${EVENT_VERSION}, ${event.occurredAt}, ${sequence}, ${JSON.stringify(event.data)})`),
  ];
  if (event.recipients.length > 0) {
    const receivers = sql.join(
      event.recipients.map(
        (recipient) => sql`SELECT ${recipient.kind} AS kind, ${recipient.id} AS recipient_id`,
      ),
      sql` UNION ALL `,
    );
    statements.push(
      db.run(sql`INSERT INTO event_recipients (kind, recipient_id, position)
        SELECT r.kind, r.recipient_id, e.position FROM events e, (${receivers}) r WHERE e.id = ${event.id}`),
    );
  }
  return statements;
}

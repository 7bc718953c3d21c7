import type { EventRow } from '../db/events-feed.js';

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An event as the feed and the webhooks carry it. */
export interface EventView {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly occurredAt: string;
  readonly sequence: number | null;
  readonly data: { [key: string]: JsonValue };
}

export function eventView(row: EventRow): EventView {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: new Date(row.occurredAt).toISOString(),
    sequence: row.sequence,
    data: JSON.parse(row.data) as { [key: string]: JsonValue },
  };
}

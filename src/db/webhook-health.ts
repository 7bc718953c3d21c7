import { sql } from 'drizzle-orm';
import type { Database } from './database.js';

export interface WebhookHealth {
  readonly endpoints: { readonly enabled: number; readonly failing: number; readonly disabled: number };
  readonly pendingDeliveries: number;
  readonly oldestPending: { readonly eventId: string; readonly occurredAt: number } | null;
  readonly eventsAwaitingFanOut: number;
  readonly oldestAwaitingFanOut: { readonly eventId: string; readonly occurredAt: number } | null;
  readonly troubled: readonly TroubledEndpoint[];
}

export interface TroubledEndpoint {
  readonly id: string;
  readonly partnerId: string | null;
  readonly url: string;
  readonly status: 'enabled' | 'disabled';
  readonly disabledReason: 'owner' | 'gone' | 'failing' | null;
  readonly failingSince: number | null;
  readonly pendingDeliveries: number;
  readonly lastAttemptAt: number | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
}

const TROUBLED_LISTED = 100;

/** Every endpoint's state at once, for the operator: counts, backlog, and the endpoints in trouble. */
export async function readWebhookHealth(db: Database): Promise<WebhookHealth> {
  const [counts] = (await db.all(sql`SELECT
      COALESCE(SUM(status = 'enabled'), 0) AS enabled,
      COALESCE(SUM(status = 'enabled' AND failing_since IS NOT NULL), 0) AS failing,
      COALESCE(SUM(status = 'disabled'), 0) AS disabled,
      MIN(CASE WHEN status = 'enabled' THEN cursor_position END) AS lowest_cursor
    FROM webhook_endpoints`)) as {
    enabled: number;
    failing: number;
    disabled: number;
    lowest_cursor: number | null;
  }[];
  const [pending] = (await db.all(sql`SELECT COUNT(*) AS pending FROM webhook_deliveries d
    JOIN webhook_endpoints w ON w.id = d.endpoint_id WHERE d.status = 'pending' AND w.status = 'enabled'`)) as {
    pending: number;
  }[];
  const [oldestPending] = (await db.all(sql`SELECT e.id AS event_id, e.occurred_at FROM webhook_deliveries d
    JOIN webhook_endpoints w ON w.id = d.endpoint_id JOIN events e ON e.position = d.event_position
    WHERE d.status = 'pending' AND w.status = 'enabled' ORDER BY d.event_position LIMIT 1`)) as {
    event_id: string;
    occurred_at: number;
  }[];
  const lowestCursor = counts?.lowest_cursor ?? null;
  const [awaiting] =
    lowestCursor === null
      ? []
      : ((await db.all(
          sql`SELECT COUNT(*) AS count, MIN(position) AS first FROM events WHERE position > ${lowestCursor}`,
        )) as {
          count: number;
          first: number | null;
        }[]);
  const [oldestAwaiting] =
    awaiting?.first === null || awaiting?.first === undefined
      ? []
      : ((await db.all(
          sql`SELECT id AS event_id, occurred_at FROM events WHERE position = ${awaiting.first}`,
        )) as {
          event_id: string;
          occurred_at: number;
        }[]);
  const troubled =
    (await db.all(sql`SELECT w.id, w.partner_id, w.url, w.status, w.disabled_reason, w.failing_since,
      (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = w.id AND d.status = 'pending') AS pending,
      a.attempted_at, a.status_code, a.error
    FROM webhook_endpoints w
    LEFT JOIN webhook_attempts a ON a.id = (SELECT id FROM webhook_attempts WHERE endpoint_id = w.id ORDER BY id DESC LIMIT 1)
    WHERE w.failing_since IS NOT NULL OR w.disabled_reason IN ('gone', 'failing')
    ORDER BY w.failing_since IS NULL, w.failing_since, w.id LIMIT ${TROUBLED_LISTED}`)) as {
      id: string;
      partner_id: string | null;
      url: string;
      status: 'enabled' | 'disabled';
      disabled_reason: 'owner' | 'gone' | 'failing' | null;
      failing_since: number | null;
      pending: number;
      attempted_at: number | null;
      status_code: number | null;
      error: string | null;
    }[];
  return {
    endpoints: {
      enabled: Number(counts?.enabled ?? 0),
      failing: Number(counts?.failing ?? 0),
      disabled: Number(counts?.disabled ?? 0),
    },
    pendingDeliveries: Number(pending?.pending ?? 0),
    oldestPending:
      oldestPending === undefined
        ? null
        : { eventId: oldestPending.event_id, occurredAt: oldestPending.occurred_at },
    eventsAwaitingFanOut: Number(awaiting?.count ?? 0),
    oldestAwaitingFanOut:
      oldestAwaiting === undefined
        ? null
        : { eventId: oldestAwaiting.event_id, occurredAt: oldestAwaiting.occurred_at },
    troubled: troubled.map((row) => ({
      id: row.id,
      partnerId: row.partner_id,
      url: row.url,
      status: row.status,
      disabledReason: row.disabled_reason,
      failingSince: row.failing_since,
      pendingDeliveries: Number(row.pending),
      lastAttemptAt: row.attempted_at,
      lastStatusCode: row.status_code,
      lastError: row.error,
    })),
  };
}

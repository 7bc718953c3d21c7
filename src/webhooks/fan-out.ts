import { readFeed } from '../db/events-feed.js';
import {
  endpointsBehind,
  findEndpoint,
  headPosition,
  moveCursorStatement,
  scheduleDeliveriesStatements,
  skipCursorsStatement,
} from '../db/webhooks.js';
import type { LedgerContext } from '../dependencies.js';
import { isDomainError } from '../domain/errors.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { runWrite } from '../writes/run.js';
import { readerOf } from './endpoints.js';

export interface FanOutLimits {
  /** Endpoints looked at in one dispatch, furthest behind first. */
  readonly endpoints: number;
  /** Events turned into deliveries per endpoint in one dispatch. */
  readonly eventsPerEndpoint: number;
}

/**
 * Turns new events into deliveries, endpoint by endpoint: each endpoint reads its own feed after
 * its cursor (the very query of `GET /v1/events`, so an endpoint receives exactly what its owner's
 * feed shows), and its deliveries and its moved cursor are one batch, so an event is scheduled
 * once and never skipped, however often this runs and wherever it stops. Answers how many
 * deliveries it scheduled.
 */
export async function fanOut(context: LedgerContext, limits: FanOutLimits): Promise<number> {
  const { db } = context;
  const head = await headPosition(db);
  const behind = await endpointsBehind(db, head, limits.endpoints);
  const idle: string[] = [];
  let scheduled = 0;
  for (const endpoint of behind) {
    const outcome = await runWrite(db, writeOptions(context), () =>
      planEndpointFanOut(context, endpoint.id, head, limits.eventsPerEndpoint),
    );
    if (isDomainError(outcome)) continue; // lost every race to other dispatchers: they did the work
    if (outcome.body === 0) idle.push(endpoint.id);
    scheduled += outcome.body;
  }
  // Endpoints with nothing to receive move to the head together, in one statement, not one each.
  if (idle.length > 0) {
    await runWrite(db, writeOptions(context), async () => ({
      status: 200,
      body: null,
      statements: [skipCursorsStatement(db, idle, head)],
    }));
  }
  return scheduled;
}

async function planEndpointFanOut(
  context: LedgerContext,
  endpointId: string,
  head: number,
  limit: number,
): Promise<WritePlan<number>> {
  const { db, ids, clock } = context;
  const endpoint = await findEndpoint(db, endpointId);
  if (endpoint === undefined || endpoint.status !== 'enabled' || endpoint.cursorPosition >= head)
    return { status: 200, body: 0, statements: [] };
  // Members' consents shape what a partner receives inside readFeed, for the feed and webhooks alike.
  const events = await readFeed(db, readerOf(endpoint), {
    after: endpoint.cursorPosition,
    types: endpoint.eventTypes,
    limit,
  });
  if (events.length === 0) return { status: 200, body: 0, statements: [] };
  const last = events.at(-1)?.position ?? head;
  // A full page may have more behind it; a short one holds every event up to the head.
  const cursor = events.length === limit ? last : Math.max(head, last);
  return {
    status: 200,
    body: events.length,
    statements: [
      moveCursorStatement(db, endpointId, endpoint.cursorPosition, cursor),
      requireChangedRow(db, 'webhook_cursor_moved'),
      ...scheduleDeliveriesStatements(
        db,
        events.map((event) => ({ id: ids('whd'), endpointId, event })),
        clock(),
        false,
      ),
    ],
  };
}

export function writeOptions(context: LedgerContext) {
  return { retryLimit: context.config.writeRetryLimit, nowMs: context.clock() };
}

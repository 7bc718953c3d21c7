import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { EventType } from '../../domain/events/registry.js';
import { partners } from './partners.js';

/**
 * Where a partner or the operator receives events. A partner endpoint receives the events
 * addressed to its partner (its feed), the operator's every event, of the types it lists. The
 * secret signs; during a rotation's overlap the previous one signs too. `cursor_position` is the
 * last event position fanned out to it: deliveries are created by moving it, in one batch.
 */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    ownerKind: text('owner_kind', { enum: ['partner', 'operator'] }).notNull(),
    partnerId: text('partner_id').references(() => partners.id),
    url: text('url').notNull(),
    description: text('description'),
    /** JSON array of the event types it receives, each from the registry. */
    eventTypes: text('event_types', { mode: 'json' }).$type<EventType[]>().notNull(),
    status: text('status', { enum: ['enabled', 'disabled'] }).notNull(),
    /** `owner`: disabled by its owner; `gone`: it answered 410; `failing`: it failed for days. */
    disabledReason: text('disabled_reason', { enum: ['owner', 'gone', 'failing'] }),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: integer('previous_secret_expires_at'),
    cursorPosition: integer('cursor_position').notNull(),
    /** When the current run of failed attempts began; null while deliveries succeed. */
    failingSince: integer('failing_since'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    index('webhook_endpoints_owner').on(table.ownerKind, table.partnerId),
    check(
      'webhook_endpoints_owner',
      sql`(${table.ownerKind} = 'partner') = (${table.partnerId} IS NOT NULL)`,
    ),
    check(
      'webhook_endpoints_disabled',
      sql`(${table.status} = 'disabled') = (${table.disabledReason} IS NOT NULL)`,
    ),
  ],
);

/**
 * One event to one endpoint, kept until it is delivered, has failed every retry, or its event
 * leaves the retention. A pending delivery is due at `next_attempt_at`; a dispatcher claims it by
 * moving that time past its attempt, so a dispatcher that dies mid-attempt leaves it due again.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    eventPosition: integer('event_position').notNull(),
    eventId: text('event_id').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    /** Attempts ever made, numbering the delivery log. */
    attempts: integer('attempts').notNull(),
    /** Failed attempts since it was (re)scheduled: the place in the retry schedule. */
    retries: integer('retries').notNull(),
    nextAttemptAt: integer('next_attempt_at'),
    deliveredAt: integer('delivered_at'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('webhook_deliveries_event').on(table.endpointId, table.eventPosition),
    index('webhook_deliveries_due').on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    index('webhook_deliveries_position').on(table.eventPosition),
    check('webhook_deliveries_status', sql`${table.status} IN ('pending', 'delivered', 'failed')`),
  ],
);

/** The delivery log: every attempt, with its answer (or why there was none) and its latency. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    endpointId: text('endpoint_id').notNull(),
    eventId: text('event_id').notNull(),
    attempt: integer('attempt').notNull(),
    attemptedAt: integer('attempted_at').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
    outcome: text('outcome', { enum: ['delivered', 'failed', 'gone'] }).notNull(),
  },
  (table) => [
    index('webhook_attempts_endpoint').on(table.endpointId, table.id),
    index('webhook_attempts_delivery').on(table.deliveryId),
  ],
);

import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { CONSENT_SCOPES, MESSAGE_SENDERS, MESSAGE_TOPICS } from '../../domain/members/contact.js';

/**
 * What a member decided for one partner and one scope: granted or refused. No row: the scope's
 * default (docs/decisions.md, "Consent"), so a refusal is kept as a row like a grant.
 */
export const memberConsents = sqliteTable(
  'member_consents',
  {
    memberId: text('member_id').notNull(),
    partnerId: text('partner_id').notNull(),
    scope: text('scope', { enum: CONSENT_SCOPES }).notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    decidedAt: integer('decided_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.memberId, table.partnerId, table.scope] }),
    index('member_consents_partner').on(table.partnerId, table.memberId),
  ],
);

/**
 * How often and when a member may be contacted. No row: the network's cap and no quiet hours.
 * `revision` grows with every change, so a message planned on older settings is planned again.
 */
export const memberContactSettings = sqliteTable(
  'member_contact_settings',
  {
    memberId: text('member_id').primaryKey(),
    /** The member's own weekly cap, at most the network's; null: the network's. */
    weeklyCap: integer('weekly_cap'),
    /** Minutes after local midnight when quiet hours start and end; both null: none. */
    quietFromMinute: integer('quiet_from_minute'),
    quietUntilMinute: integer('quiet_until_minute'),
    /** IANA time zone the quiet hours are in. */
    timeZone: text('time_zone'),
    revision: integer('revision').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    check('member_contact_settings_cap', sql`${table.weeklyCap} IS NULL OR ${table.weeklyCap} >= 0`),
    check(
      'member_contact_settings_quiet_hours',
      sql`(${table.quietFromMinute} IS NULL AND ${table.quietUntilMinute} IS NULL AND ${table.timeZone} IS NULL)
        OR (${table.quietFromMinute} BETWEEN 0 AND 1439 AND ${table.quietUntilMinute} BETWEEN 0 AND 1439
          AND ${table.quietFromMinute} <> ${table.quietUntilMinute} AND ${table.timeZone} IS NOT NULL)`,
    ),
  ],
);

/** A member's lower weekly cap for one topic. */
export const memberTopicCaps = sqliteTable(
  'member_topic_caps',
  {
    memberId: text('member_id').notNull(),
    topic: text('topic', { enum: MESSAGE_TOPICS }).notNull(),
    weeklyCap: integer('weekly_cap').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.memberId, table.topic] }),
    check('member_topic_caps_cap', sql`${table.weeklyCap} >= 0`),
  ],
);

/**
 * A message delivered to a member's inbox: from a partner (with the member's consent, within the
 * cap) or from the network. `counted` says whether it took a place in the contact cap.
 */
export const memberMessages = sqliteTable(
  'member_messages',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    sender: text('sender', { enum: MESSAGE_SENDERS }).notNull(),
    /** The partner that sent it; null for the network's own. */
    partnerId: text('partner_id'),
    topic: text('topic', { enum: MESSAGE_TOPICS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    actionLabel: text('action_label'),
    actionUrl: text('action_url'),
    counted: integer('counted', { mode: 'boolean' }).notNull(),
    deliveredAt: integer('delivered_at').notNull(),
    readAt: integer('read_at'),
  },
  (table) => [
    index('member_messages_member').on(table.memberId, table.deliveredAt),
    index('member_messages_member_topic').on(table.memberId, table.topic, table.deliveredAt),
  ],
);

import { and, desc, eq, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import {
  CAP_WINDOW_MS,
  CONSENT_SCOPES,
  type ConsentDecision,
  type ConsentScopes,
  type MessageTopic,
} from '../domain/members/contact.js';
import type { BatchStatement, Database } from './database.js';
import {
  memberConsents,
  memberContactSettings,
  memberMessages,
  memberTopicCaps,
  partners,
} from './schema/index.js';

export type ContactSettingsRow = typeof memberContactSettings.$inferSelect;
export type TopicCapRow = typeof memberTopicCaps.$inferSelect;
export type MessageRow = typeof memberMessages.$inferSelect;

/** What the member decided for one partner (no row for a scope: its default). */
export async function findConsentDecisions(
  db: Database,
  memberId: string,
  partnerId: string,
): Promise<(ConsentDecision & { decidedAt: number })[]> {
  return db
    .select({
      scope: memberConsents.scope,
      granted: memberConsents.granted,
      decidedAt: memberConsents.decidedAt,
    })
    .from(memberConsents)
    .where(and(eq(memberConsents.memberId, memberId), eq(memberConsents.partnerId, partnerId)));
}

/** Every decision the member made, with the partner's name, for the member's own list. */
export async function listConsentDecisions(db: Database, memberId: string) {
  return db
    .select({
      partnerId: memberConsents.partnerId,
      partnerName: partners.name,
      scope: memberConsents.scope,
      granted: memberConsents.granted,
      decidedAt: memberConsents.decidedAt,
    })
    .from(memberConsents)
    .innerJoin(partners, eq(partners.id, memberConsents.partnerId))
    .where(eq(memberConsents.memberId, memberId))
    .orderBy(memberConsents.partnerId);
}

/** Member ids per look-up: with the partner and the scope, within D1's 100 parameters. */
const MEMBERS_PER_LOOKUP = 90;

/** The members among `memberIds` who refused a partner one scope. */
export async function membersRefusing(
  db: Database,
  partnerId: string,
  scope: (typeof CONSENT_SCOPES)[number],
  memberIds: readonly string[],
): Promise<Set<string>> {
  const refusing = new Set<string>();
  for (let start = 0; start < memberIds.length; start += MEMBERS_PER_LOOKUP) {
    const rows = await db
      .select({ memberId: memberConsents.memberId })
      .from(memberConsents)
      .where(
        and(
          eq(memberConsents.partnerId, partnerId),
          eq(memberConsents.scope, scope),
          eq(memberConsents.granted, false),
          inArray(memberConsents.memberId, memberIds.slice(start, start + MEMBERS_PER_LOOKUP)),
        ),
      );
    for (const row of rows) refusing.add(row.memberId);
  }
  return refusing;
}

/** Records every scope of the member's decision for a partner, replacing the earlier one. */
export function saveConsentStatements(
  db: Database,
  memberId: string,
  partnerId: string,
  scopes: ConsentScopes,
  nowMs: number,
): BatchStatement[] {
  return CONSENT_SCOPES.map((scope) =>
    db
      .insert(memberConsents)
      .values({ memberId, partnerId, scope, granted: scopes[scope], decidedAt: nowMs })
      .onConflictDoUpdate({
        target: [memberConsents.memberId, memberConsents.partnerId, memberConsents.scope],
        set: { granted: scopes[scope], decidedAt: nowMs },
      }),
  );
}

export async function findContactSettings(db: Database, memberId: string) {
  const [settings] = await db
    .select()
    .from(memberContactSettings)
    .where(eq(memberContactSettings.memberId, memberId))
    .limit(1);
  const topicCaps = await db.select().from(memberTopicCaps).where(eq(memberTopicCaps.memberId, memberId));
  return { settings, topicCaps };
}

/**
 * Saves the member's contact settings as one change: the revision read must still be the one in
 * the database (0 for none), so two changes at once cannot interleave their topic caps.
 */
export function saveContactSettingsStatements(
  db: Database,
  row: Omit<ContactSettingsRow, 'revision'>,
  readRevision: number,
  topicCaps: readonly Omit<TopicCapRow, 'memberId'>[],
): BatchStatement[] {
  const { memberId } = row;
  return [
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'contact_settings_changed'
      WHERE COALESCE((SELECT revision FROM member_contact_settings WHERE member_id = ${memberId}), 0) <> ${readRevision}`),
    db
      .insert(memberContactSettings)
      .values({ ...row, revision: readRevision + 1 })
      .onConflictDoUpdate({
        target: memberContactSettings.memberId,
        set: { ...row, revision: readRevision + 1 },
      }),
    db.delete(memberTopicCaps).where(eq(memberTopicCaps.memberId, memberId)),
    ...topicCaps.map((cap) => db.insert(memberTopicCaps).values({ memberId, ...cap })),
  ];
}

/** When the member's counted messages of the window were delivered, all topics or one. */
export async function countedDeliveries(
  db: Database,
  memberId: string,
  nowMs: number,
  topic?: MessageTopic,
): Promise<number[]> {
  const rows = await db
    .select({ deliveredAt: memberMessages.deliveredAt })
    .from(memberMessages)
    .where(
      and(
        eq(memberMessages.memberId, memberId),
        eq(memberMessages.counted, true),
        gt(memberMessages.deliveredAt, nowMs - CAP_WINDOW_MS),
        topic === undefined ? undefined : eq(memberMessages.topic, topic),
      ),
    );
  return rows.map((row) => row.deliveredAt);
}

/**
 * The contact cap as SQL, so that it holds inside the batch whatever runs at once: fewer counted
 * messages in the window than the network's cap, the member's own and the member's cap for the
 * topic. The one place the cap is enforced; plans only read it to explain a refusal.
 */
function withinCap(memberId: SQL, topic: MessageTopic, networkCap: number, nowMs: number) {
  const since = nowMs - CAP_WINDOW_MS;
  return sql`(SELECT COUNT(*) FROM member_messages counted
      WHERE counted.member_id = ${memberId} AND counted.counted = 1 AND counted.delivered_at > ${since})
    < MIN(${networkCap}, COALESCE((SELECT weekly_cap FROM member_contact_settings WHERE member_id = ${memberId}), ${networkCap}))
    AND (SELECT COUNT(*) FROM member_messages counted
      WHERE counted.member_id = ${memberId} AND counted.counted = 1 AND counted.topic = ${topic}
        AND counted.delivered_at > ${since})
    < COALESCE((SELECT weekly_cap FROM member_topic_caps WHERE member_id = ${memberId} AND topic = ${topic}), ${networkCap})`;
}

export interface Delivery {
  readonly message: Omit<MessageRow, 'readAt'>;
  /** The cap it must fit in; none for a message outside it. */
  readonly cap?: { readonly networkCap: number } | undefined;
  /** The partner whose consent to message it needs. */
  readonly consentOf?: string | undefined;
  /** The contact settings revision the plan read (its quiet hours). */
  readonly settingsRevision?: number | undefined;
}

/**
 * Puts a message in the inbox of an active member if every condition still holds when the batch
 * runs: otherwise the statement inserts nothing (a guard after it turns that into a conflict).
 */
export function deliverMessageStatement(db: Database, delivery: Delivery, nowMs: number): BatchStatement {
  const { message, cap, consentOf, settingsRevision } = delivery;
  const { memberId } = message;
  const conditions = [
    sql`EXISTS (SELECT 1 FROM members WHERE id = ${memberId} AND status = 'active')`,
    ...(cap === undefined ? [] : [withinCap(sql`${memberId}`, message.topic, cap.networkCap, nowMs)]),
    ...(consentOf === undefined
      ? []
      : [
          sql`EXISTS (SELECT 1 FROM member_consents WHERE member_id = ${memberId}
            AND partner_id = ${consentOf} AND scope = 'messages' AND granted = 1)`,
        ]),
    ...(settingsRevision === undefined
      ? []
      : [
          sql`COALESCE((SELECT revision FROM member_contact_settings WHERE member_id = ${memberId}), 0) = ${settingsRevision}`,
        ]),
  ];
  return db.run(sql`INSERT INTO member_messages
      (id, member_id, sender, partner_id, topic, title, body, action_label, action_url, counted, delivered_at)
    SELECT ${message.id}, ${memberId}, ${message.sender}, ${message.partnerId}, ${message.topic}, ${message.title},
      ${message.body}, ${message.actionLabel}, ${message.actionUrl}, ${message.counted ? 1 : 0}, ${message.deliveredAt}
    WHERE ${sql.join(conditions, sql` AND `)}`);
}

/**
 * The same message to many members, each within their own cap: a member whose cap is full, or
 * who is no longer active, is skipped, and the others receive it. One statement for them all.
 */
export function deliverToEachWithinCapStatement(
  db: Database,
  deliveries: readonly { readonly id: string; readonly memberId: string }[],
  message: Omit<MessageRow, 'id' | 'memberId' | 'readAt'>,
  networkCap: number,
  nowMs: number,
): BatchStatement {
  const rows = sql.join(
    deliveries.map((delivery) => sql`SELECT ${delivery.id} AS id, ${delivery.memberId} AS member_id`),
    sql` UNION ALL `,
  );
  return db.run(sql`INSERT INTO member_messages
      (id, member_id, sender, partner_id, topic, title, body, action_label, action_url, counted, delivered_at)
    SELECT invited.id, invited.member_id, ${message.sender}, ${message.partnerId}, ${message.topic}, ${message.title},
      ${message.body}, ${message.actionLabel}, ${message.actionUrl}, ${message.counted ? 1 : 0}, ${message.deliveredAt}
    FROM (${rows}) invited
    WHERE EXISTS (SELECT 1 FROM members WHERE id = invited.member_id AND status = 'active')
      AND ${withinCap(sql`invited.member_id`, message.topic, networkCap, nowMs)}`);
}

/** The member's inbox, newest first, keyset-paginated by id (ids are time-ordered). */
export async function listInbox(
  db: Database,
  memberId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<MessageRow[]> {
  return db
    .select()
    .from(memberMessages)
    .where(
      and(
        eq(memberMessages.memberId, memberId),
        page.cursor === undefined ? undefined : lt(memberMessages.id, page.cursor),
      ),
    )
    .orderBy(desc(memberMessages.id))
    .limit(page.limit);
}

export async function findMessage(db: Database, memberId: string, messageId: string) {
  const [row] = await db
    .select()
    .from(memberMessages)
    .where(and(eq(memberMessages.id, messageId), eq(memberMessages.memberId, memberId)))
    .limit(1);
  return row;
}

export function markReadStatement(db: Database, memberId: string, messageId: string, nowMs: number) {
  return db
    .update(memberMessages)
    .set({ readAt: sql`COALESCE(${memberMessages.readAt}, ${nowMs})` })
    .where(and(eq(memberMessages.id, messageId), eq(memberMessages.memberId, memberId)));
}

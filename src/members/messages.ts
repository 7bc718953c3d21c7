import {
  countedDeliveries,
  deliverMessageStatement,
  deliverToEachWithinCapStatement,
  findMessage,
  listInbox,
  type MessageRow,
  markReadStatement,
} from '../db/contact.js';
import type { BatchStatement } from '../db/database.js';
import { findMember } from '../db/members.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError } from '../domain/errors.js';
import {
  capFitsAt,
  type MessageTopic,
  type PARTNER_MESSAGE_TOPICS,
  type QuietHours,
  quietHoursEndAt,
} from '../domain/members/contact.js';
import { eventDraft } from '../events/draft.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { consentRequired, partnerMay } from './consents.js';
import { type ContactRules, readContactRules } from './contact-settings.js';

export const SEND_MESSAGE_REFUSALS = [
  'member_not_found',
  'consent_required',
  'member_quiet_hours',
  'contact_cap_reached',
] as const;
export const MARK_READ_REFUSALS = ['message_not_found'] as const;

export interface MessageInput {
  readonly memberId: string;
  readonly topic: (typeof PARTNER_MESSAGE_TOPICS)[number];
  readonly title: string;
  readonly body: string;
  readonly action?: { readonly label: string; readonly url: string } | undefined;
}

export interface MessageView {
  readonly id: string;
  readonly memberId: string;
  readonly sender: 'partner' | 'network';
  readonly partnerId: string | null;
  readonly topic: MessageTopic;
  readonly title: string;
  readonly body: string;
  readonly action: { readonly label: string; readonly url: string } | null;
  /** Whether it took a place in the member's contact cap. */
  readonly counted: boolean;
  readonly deliveredAt: string;
  readonly readAt: string | null;
}

export function messageView(row: Omit<MessageRow, 'readAt'> & { readAt?: number | null }): MessageView {
  return {
    id: row.id,
    memberId: row.memberId,
    sender: row.sender,
    partnerId: row.partnerId,
    topic: row.topic,
    title: row.title,
    body: row.body,
    action:
      row.actionLabel === null || row.actionUrl === null
        ? null
        : { label: row.actionLabel, url: row.actionUrl },
    counted: row.counted,
    deliveredAt: new Date(row.deliveredAt).toISOString(),
    readAt: row.readAt == null ? null : new Date(row.readAt).toISOString(),
  };
}

/**
 * The first moment from `fromMs` at which a counted message of this topic fits: within every cap
 * and outside quiet hours; null when a cap is 0. Each step only moves forward, and leaving quiet
 * hours can only leave more room in the caps, so it settles within a few steps.
 */
async function nextFitAt(
  context: LedgerContext,
  memberId: string,
  topic: MessageTopic,
  rules: ContactRules,
  fromMs: number,
): Promise<number | null> {
  const all = await countedDeliveries(context.db, memberId, fromMs);
  const ofTopic = await countedDeliveries(context.db, memberId, fromMs, topic);
  const topicCap = rules.topicCaps[topic as keyof ContactRules['topicCaps']] ?? rules.weeklyCap;
  let at = fromMs;
  for (let step = 0; step < 4; step += 1) {
    const overall = capFitsAt(all, rules.weeklyCap, at);
    const ofItsTopic = capFitsAt(ofTopic, topicCap, at);
    if (overall === null || ofItsTopic === null) return null;
    const capsFit = Math.max(overall, ofItsTopic);
    const quietEnd = rules.quietHours === undefined ? undefined : quietHoursEndAt(capsFit, rules.quietHours);
    const next = quietEnd ?? capsFit;
    if (next === at) return at;
    at = next;
  }
  return at;
}

function iso(instantMs: number | null): string | null {
  return instantMs === null ? null : new Date(instantMs).toISOString();
}

function inQuietHours(quiet: QuietHours | undefined, nowMs: number): boolean {
  return quiet !== undefined && quietHoursEndAt(nowMs, quiet) !== undefined;
}

/**
 * A partner asks the network to contact a member. It is delivered only with the member's consent,
 * outside their quiet hours and within the contact cap counted across every partner; otherwise a
 * refusal that says why and when the next message would fit. Consent and cap are checked again
 * by the statement that delivers (`deliverMessageStatement`), so concurrent messages cannot pass
 * the cap between them: a message that loses the race is planned again and refused.
 */
export async function planSendMessage(
  context: LedgerContext,
  partnerId: string,
  input: MessageInput,
): Promise<WritePlan<MessageView> | DomainError<(typeof SEND_MESSAGE_REFUSALS)[number]>> {
  const { db, clock, ids, config } = context;
  const { memberId, topic } = input;
  const member = await findMember(db, memberId);
  if (member === undefined || member.status !== 'active')
    return domainError('member_not_found', `Member ${memberId} does not exist.`);
  if (!(await partnerMay(context, partnerId, memberId, 'messages')))
    return consentRequired(memberId, 'messages', 'message them');
  const nowMs = clock();
  const rules = await readContactRules(context, memberId);
  const fitsAt = await nextFitAt(context, memberId, topic, rules, nowMs);
  if (inQuietHours(rules.quietHours, nowMs))
    return domainError(
      'member_quiet_hours',
      `It is quiet hours for member ${memberId}; nothing was delivered.`,
      { nextFitAt: iso(fitsAt) },
    );
  if (fitsAt !== nowMs)
    return domainError(
      'contact_cap_reached',
      fitsAt === null
        ? `Member ${memberId} receives no ${topic} messages; nothing was delivered.`
        : `Member ${memberId} has received every message their contact cap allows for now; nothing was delivered.`,
      { nextFitAt: iso(fitsAt) },
    );
  const message = {
    id: ids('msg'),
    memberId,
    sender: 'partner' as const,
    partnerId,
    topic,
    title: input.title,
    body: input.body,
    actionLabel: input.action?.label ?? null,
    actionUrl: input.action?.url ?? null,
    counted: true,
    deliveredAt: nowMs,
  };
  return {
    status: 201,
    body: messageView(message),
    statements: [
      deliverMessageStatement(
        db,
        {
          message,
          cap: { networkCap: config.members.contactCapWeekly },
          consentOf: partnerId,
          settingsRevision: rules.revision,
        },
        nowMs,
      ),
      requireChangedRow(db, 'message_not_delivered'),
    ],
    events: [deliveredEvent(context, message)],
  };
}

function deliveredEvent(
  context: Pick<LedgerContext, 'ids' | 'clock'>,
  message: Pick<MessageRow, 'id' | 'memberId' | 'partnerId' | 'topic' | 'title'>,
) {
  return eventDraft(
    context,
    'message.delivered',
    {
      messageId: message.id,
      memberId: message.memberId,
      partnerId: message.partnerId,
      topic: message.topic,
      title: message.title,
    },
    { memberIds: [message.memberId] },
  );
}

export interface NetworkMessage {
  readonly title: string;
  readonly body: string;
}

/**
 * A notice from the network about the member's own points or tier (a gift, a tier about to drop):
 * always delivered, outside the cap, like a bank's statement notice, which no setting silences.
 */
export function networkNotice(
  context: Pick<LedgerContext, 'db' | 'ids' | 'clock'>,
  memberId: string,
  notice: NetworkMessage,
) {
  const nowMs = context.clock();
  const message = {
    id: context.ids('msg'),
    memberId,
    sender: 'network' as const,
    partnerId: null,
    topic: 'status' as const,
    title: notice.title,
    body: notice.body,
    actionLabel: null,
    actionUrl: null,
    counted: false,
    deliveredAt: nowMs,
  };
  return {
    statements: [deliverMessageStatement(context.db, { message }, nowMs)],
    events: [deliveredEvent(context, message)],
  };
}

/**
 * Invitations from the network (a yearly choice): each counts against the member's contact cap
 * like a partner's message, and a member whose cap is full does not get it in the inbox (the
 * choice itself stays open to them, and their app is told by `selection.invited`). Never refused,
 * so the write that invites a whole cohort does not fail for one member.
 */
export function networkInvitationStatements(
  context: Pick<LedgerContext, 'db' | 'ids' | 'clock' | 'config'>,
  memberIds: readonly string[],
  invitation: NetworkMessage,
): BatchStatement[] {
  const nowMs = context.clock();
  const statements: BatchStatement[] = [];
  for (let start = 0; start < memberIds.length; start += INVITATIONS_PER_STATEMENT) {
    const deliveries = memberIds
      .slice(start, start + INVITATIONS_PER_STATEMENT)
      .map((memberId) => ({ id: context.ids('msg'), memberId }));
    statements.push(
      deliverToEachWithinCapStatement(
        context.db,
        deliveries,
        {
          sender: 'network',
          partnerId: null,
          topic: 'choices',
          title: invitation.title,
          body: invitation.body,
          actionLabel: null,
          actionUrl: null,
          counted: true,
          deliveredAt: nowMs,
        },
        context.config.members.contactCapWeekly,
        nowMs,
      ),
    );
  }
  return statements;
}

/** Members per invitation statement: two parameters each and some twenty shared, within D1's 100. */
const INVITATIONS_PER_STATEMENT = 30;

export async function readInbox(
  context: LedgerContext,
  memberId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<MessageView[]> {
  return (await listInbox(context.db, memberId, page)).map(messageView);
}

/** Marks a message read; reading it again keeps the first time. */
export async function planMarkRead(
  context: LedgerContext,
  memberId: string,
  messageId: string,
): Promise<WritePlan<MessageView> | DomainError<(typeof MARK_READ_REFUSALS)[number]>> {
  const { db, clock } = context;
  const found = await findMessage(db, memberId, messageId);
  if (found === undefined) return domainError('message_not_found', `Message ${messageId} does not exist.`);
  const nowMs = clock();
  return {
    status: 200,
    body: messageView({ ...found, readAt: found.readAt ?? nowMs }),
    statements: found.readAt === null ? [markReadStatement(db, memberId, messageId, nowMs)] : [],
  };
}

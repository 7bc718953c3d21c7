/**
 * What a member lets each partner do beyond the transaction itself, and how often and when anyone
 * may contact them: the vocabulary and the arithmetic, with no database and no HTTP.
 */

/** What a partner may be allowed beyond the transaction itself. */
export const CONSENT_SCOPES = ['profile', 'tier', 'balance', 'messages'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
export type ConsentScopes = Readonly<Record<ConsentScope, boolean>>;

/**
 * What a partner may do when the member decided nothing for it (docs/decisions.md, "Consent"):
 * the counter's needs (the tier's benefits, the balance to redeem) until the member says no; the
 * member's name, contact and attention only when the member says yes.
 */
export const CONSENT_DEFAULTS: ConsentScopes = { profile: false, tier: true, balance: true, messages: false };

export interface ConsentDecision {
  readonly scope: ConsentScope;
  readonly granted: boolean;
}

export function consentScopes(decisions: readonly ConsentDecision[]): ConsentScopes {
  const scopes: Record<ConsentScope, boolean> = { ...CONSENT_DEFAULTS };
  for (const decision of decisions) scopes[decision.scope] = decision.granted;
  return scopes;
}

/** Who sends a message: a partner (through `POST /v1/messages`) or the network itself. */
export const MESSAGE_SENDERS = ['partner', 'network'] as const;
export type MessageSender = (typeof MESSAGE_SENDERS)[number];

/**
 * What a message is about. Partners send `offers`, `news` and `events`; the network sends `status`
 * (notices about the member's own points and tier, outside the cap) and `choices` (invitations to
 * a yearly choice, within it).
 */
export const MESSAGE_TOPICS = ['offers', 'news', 'events', 'status', 'choices'] as const;
export type MessageTopic = (typeof MESSAGE_TOPICS)[number];
export const PARTNER_MESSAGE_TOPICS = ['offers', 'news', 'events'] as const;
/** Topics whose messages take a place in the contact cap; a member may lower the cap of each. */
export const CAPPED_TOPICS = ['offers', 'news', 'events', 'choices'] as const;
export type CappedTopic = (typeof CAPPED_TOPICS)[number];

/** The contact cap counts the messages of the last seven days, a rolling window. */
export const CAP_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * When the cap lets one more message in: the moment enough of the counted messages left the
 * window (`deliveredAt` of those still in it, in any order). Now when there is room; null when
 * the cap is 0, which only the member can change.
 */
export function capFitsAt(deliveredAt: readonly number[], cap: number, nowMs: number): number | null {
  if (cap <= 0) return null;
  const inWindow = deliveredAt.filter((time) => time > nowMs - CAP_WINDOW_MS).sort((a, b) => a - b);
  if (inWindow.length < cap) return nowMs;
  // Once the oldest `length - cap + 1` have left the window, `cap - 1` remain: room for one.
  return (inWindow[inWindow.length - cap] ?? nowMs) + CAP_WINDOW_MS;
}

/** Quiet hours: local minutes after midnight, from (inclusive) until (exclusive), in a time zone. */
export interface QuietHours {
  readonly fromMinute: number;
  readonly untilMinute: number;
  readonly timeZone: string;
}

/** Whether a name is a time zone this runtime knows (IANA, as `Europe/Prague`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The local minute of the day at an instant, in a time zone. */
export function localMinute(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instantMs));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

function isQuietMinute(minute: number, quiet: QuietHours): boolean {
  return quiet.fromMinute < quiet.untilMinute
    ? minute >= quiet.fromMinute && minute < quiet.untilMinute
    : minute >= quiet.fromMinute || minute < quiet.untilMinute;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

/**
 * When the quiet hours around an instant end (the first minute at `untilMinute` local time), or
 * undefined when the instant is not in them. A daylight saving change inside the quiet hours moves
 * the end by the hour the clocks moved, as a member's alarm clock would.
 */
export function quietHoursEndAt(instantMs: number, quiet: QuietHours): number | undefined {
  const minute = localMinute(instantMs, quiet.timeZone);
  if (!isQuietMinute(minute, quiet)) return undefined;
  const startOfMinute = instantMs - (instantMs % MINUTE_MS);
  let end = startOfMinute + ((quiet.untilMinute - minute + DAY_MINUTES) % DAY_MINUTES) * MINUTE_MS;
  // The offset may differ at the end; correct by what the local clock then reads.
  let drift = quiet.untilMinute - localMinute(end, quiet.timeZone);
  if (drift > DAY_MINUTES / 2) drift -= DAY_MINUTES;
  if (drift < -DAY_MINUTES / 2) drift += DAY_MINUTES;
  end += drift * MINUTE_MS;
  return end;
}

/** `HH:MM` (24 hours) to minutes after midnight, and back. */
export function minuteOfDay(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

export function clockTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

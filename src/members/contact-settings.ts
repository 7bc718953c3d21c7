import { findContactSettings, saveContactSettingsStatements } from '../db/contact.js';
import { requireActiveMember } from '../db/members.js';
import type { LedgerContext } from '../dependencies.js';
import {
  CAPPED_TOPICS,
  type CappedTopic,
  clockTime,
  minuteOfDay,
  type QuietHours,
} from '../domain/members/contact.js';
import type { WritePlan } from '../writes/plan.js';

export interface ContactSettingsInput {
  /** The member's own weekly cap; null: the network's. */
  readonly weeklyCap: number | null;
  readonly topicCaps: Partial<Record<CappedTopic, number>>;
  /** `HH:MM` local times and an IANA time zone; null: none. */
  readonly quietHours: { readonly from: string; readonly until: string; readonly timeZone: string } | null;
}

export interface ContactSettingsView extends ContactSettingsInput {
  /** The cap that applies: the lower of the network's and the member's. */
  readonly effectiveWeeklyCap: number;
  readonly networkWeeklyCap: number;
}

/** The member's settings as the planners use them, with the revision a message's batch re-checks. */
export interface ContactRules {
  readonly revision: number;
  readonly weeklyCap: number;
  readonly topicCaps: Partial<Record<CappedTopic, number>>;
  readonly quietHours: QuietHours | undefined;
}

export async function readContactRules(context: LedgerContext, memberId: string): Promise<ContactRules> {
  const networkCap = context.config.members.contactCapWeekly;
  const { settings, topicCaps } = await findContactSettings(context.db, memberId);
  const quiet =
    settings?.quietFromMinute != null && settings.quietUntilMinute != null && settings.timeZone != null
      ? {
          fromMinute: settings.quietFromMinute,
          untilMinute: settings.quietUntilMinute,
          timeZone: settings.timeZone,
        }
      : undefined;
  return {
    revision: settings?.revision ?? 0,
    weeklyCap: Math.min(networkCap, settings?.weeklyCap ?? networkCap),
    topicCaps: Object.fromEntries(topicCaps.map((cap) => [cap.topic, cap.weeklyCap])),
    quietHours: quiet,
  };
}

export async function readContactSettings(
  context: LedgerContext,
  memberId: string,
): Promise<ContactSettingsView> {
  const networkCap = context.config.members.contactCapWeekly;
  const { settings } = await findContactSettings(context.db, memberId);
  const rules = await readContactRules(context, memberId);
  const quiet = rules.quietHours;
  return {
    weeklyCap: settings?.weeklyCap ?? null,
    topicCaps: rules.topicCaps,
    quietHours:
      quiet === undefined
        ? null
        : {
            from: clockTime(quiet.fromMinute),
            until: clockTime(quiet.untilMinute),
            timeZone: quiet.timeZone,
          },
    effectiveWeeklyCap: rules.weeklyCap,
    networkWeeklyCap: networkCap,
  };
}

/**
 * Replaces the member's contact settings. Guarded by the revision read, so the settings a message
 * was planned against (its quiet hours) cannot change under it unnoticed.
 */
export async function planSetContactSettings(
  context: LedgerContext,
  memberId: string,
  input: ContactSettingsInput,
): Promise<WritePlan<ContactSettingsView>> {
  const { db, clock, config } = context;
  const { revision } = await readContactRules(context, memberId);
  const quiet = input.quietHours;
  const topicCaps = CAPPED_TOPICS.flatMap((topic) => {
    const weeklyCap = input.topicCaps[topic];
    return weeklyCap === undefined ? [] : [{ topic, weeklyCap }];
  });
  const networkCap = config.members.contactCapWeekly;
  return {
    status: 200,
    body: {
      ...input,
      effectiveWeeklyCap: Math.min(networkCap, input.weeklyCap ?? networkCap),
      networkWeeklyCap: networkCap,
    },
    statements: [
      requireActiveMember(db, memberId),
      ...saveContactSettingsStatements(
        db,
        {
          memberId,
          weeklyCap: input.weeklyCap,
          quietFromMinute: quiet === null ? null : minuteOfDay(quiet.from),
          quietUntilMinute: quiet === null ? null : minuteOfDay(quiet.until),
          timeZone: quiet?.timeZone ?? null,
          updatedAt: clock(),
        },
        revision,
        topicCaps,
      ),
    ],
  };
}

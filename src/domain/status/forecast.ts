import { computeStatus, DAY_MS, type MemberStatus, type StatusInput } from './compute.js';
import { nextTierAbove, rankIn, type Tier, tierAtRank } from './ladder.js';
import { windowByIndex } from './windows.js';

/**
 * What happens to a status if the member earns nothing more: the next moment it changes, and the
 * credits by which date keep it or reach the next tier. Computed by asking `computeStatus` about
 * the moments where a status can change by itself: window ends, grace ends, trial ends.
 */

export interface StatusChange {
  readonly at: number;
  readonly status: MemberStatus;
}

/** The moments after `status.nowMs` where the status could change without new credits, ascending. */
function momentsAhead(input: StatusInput, status: MemberStatus): number[] {
  const { window } = status.current;
  const following = windowByIndex(input.settings.window, input.enrolledAt, window.index + 1);
  const grace = input.settings.graceDays * DAY_MS;
  const moments = [
    window.start + grace,
    window.end,
    window.end + grace,
    following.end,
    following.end + grace,
    ...(status.trial === null ? [] : [status.trial.endsAt]),
  ];
  return [...new Set(moments)].filter((at) => at > status.nowMs).sort((a, b) => a - b);
}

/** The first moment the tier or its validity changes if nothing more is earned; null if it never does. */
export function nextChange(
  input: StatusInput,
  status: MemberStatus = computeStatus(input),
): StatusChange | null {
  for (const at of momentsAhead(input, status)) {
    const later = computeStatus({ ...input, nowMs: at });
    if (later.tier?.code !== status.tier?.code || later.validUntil !== status.validUntil)
      return { at, status: later };
  }
  return null;
}

/** The first moment the tier drops if nothing more is earned. */
export function nextDowngrade(
  input: StatusInput,
  status: MemberStatus = computeStatus(input),
): { at: number; tier: Tier | null } | null {
  for (const at of momentsAhead(input, status)) {
    const later = computeStatus({ ...input, nowMs: at });
    if (rankIn(status.ladder, later.tier) < rankIn(status.ladder, status.tier))
      return { at, tier: later.tier };
  }
  return null;
}

export interface ReviewOptions {
  /** Whether a gap gift may be given when the current window ends. */
  readonly giftAtWindowEnd: boolean;
  readonly maxGapCredits: number;
  /** Whether the member saves for a catalogue item (a goal gift may be due when the window ends). */
  readonly hasGoal?: boolean;
  readonly noticeDays: number;
  /** The downgrade a `tier.expiring` notice was already sent for. */
  readonly noticeSentFor: number | null;
}

/**
 * When the member's status must be looked at again without any new credits: the next change, the
 * notice before a downgrade, or the end of a window that ends within reach of a gap gift (or with a
 * goal saved). Null when
 * nothing will happen by itself.
 */
export function nextReviewAt(
  input: StatusInput,
  status: MemberStatus,
  options: ReviewOptions,
): number | null {
  const moments: number[] = [];
  const change = nextChange(input, status);
  if (change !== null) moments.push(change.at);
  const downgrade = nextDowngrade(input, status);
  const notice = noticeDue(downgrade, options);
  if (notice !== null && notice > status.nowMs) moments.push(notice);
  const { credits, window } = status.current;
  const next = nextTierAbove(status.ladder, credits);
  if (
    options.giftAtWindowEnd &&
    options.maxGapCredits > 0 &&
    next !== null &&
    next.threshold - credits <= options.maxGapCredits
  )
    moments.push(window.end);
  // A member saving for a catalogue item has the gap to its price looked at when the window ends.
  if (options.hasGoal === true) moments.push(window.end);
  return moments.length === 0 ? null : Math.min(...moments);
}

/** When the `tier.expiring` notice of a downgrade is due; null when none is to be sent. */
export function noticeDue(
  downgrade: { at: number } | null,
  options: Pick<ReviewOptions, 'noticeDays' | 'noticeSentFor'>,
): number | null {
  if (downgrade === null || options.noticeDays === 0 || options.noticeSentFor === downgrade.at) return null;
  return downgrade.at - options.noticeDays * DAY_MS;
}

export interface Forecast {
  /** The credits that keep the current tier past its validity, and by when. */
  readonly keep: { tier: Tier; credits: number; by: number; countingFrom: number } | null;
  /** The credits that reach the next tier in the current window, and by when. */
  readonly next: { tier: Tier; credits: number; by: number } | null;
  /** What happens if nothing more is earned. */
  readonly downgrade: { at: number; tier: Tier | null } | null;
}

export function forecast(input: StatusInput, status: MemberStatus = computeStatus(input)): Forecast {
  const { tier, ladder, current } = status;
  const following = windowByIndex(input.settings.window, input.enrolledAt, current.window.index + 1);
  let keep: Forecast['keep'] = null;
  if (tier !== null && status.basis !== 'lifetime') {
    if (status.basis === 'trial' && status.trial !== null) {
      keep = {
        tier,
        credits: Math.max(0, status.trial.targetCredits - status.trial.credits),
        by: status.trial.endsAt,
        countingFrom: input.challenges.find((each) => each.id === status.trial?.challengeId)?.startsAt ?? 0,
      };
    } else if (rankIn(ladder, current.qualified) >= rankIn(ladder, tier)) {
      keep = { tier, credits: tier.threshold, by: following.end, countingFrom: following.start };
    } else {
      keep = {
        tier,
        credits: tier.threshold - current.credits,
        by: current.window.end,
        countingFrom: current.window.start,
      };
    }
  }
  const above = tierAtRank(ladder, rankIn(ladder, tier) + 1);
  const next =
    above === null || rankIn(ladder, above) <= rankIn(ladder, tier)
      ? null
      : { tier: above, credits: Math.max(0, above.threshold - current.credits), by: current.window.end };
  return { keep, next, downgrade: nextDowngrade(input, status) };
}

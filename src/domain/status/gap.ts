import { computeStatus, DAY_MS, type MemberStatus, type StatusInput } from './compute.js';
import { groupDigits } from './explain.js';
import { ladderAt, nextTierAbove, rankIn, type Tier } from './ladder.js';
import { creditsIn, monthKey, type QualificationWindow } from './windows.js';

/**
 * Gap gifts: when a member is within a few credits of a threshold, the network gives them the rest
 * rather than let them fall short. A gift is due only when it changes the member's status — it
 * welcomes them to a higher tier, or keeps the one they would lose; credits that would change
 * nothing are not given.
 */

export interface GapGift {
  readonly tier: Tier;
  /** The credits given: exactly the gap. */
  readonly credits: number;
  /** The window the credits count in. */
  readonly window: QualificationWindow;
  /** The moment the credits are dated at (the last moment of a window that ended, or now). */
  readonly qualifyingAt: number;
  /** `welcome` to a higher tier than the member held, or `keep` the one they held. */
  readonly outcome: 'welcome' | 'keep';
}

/** The member's months with `credits` more in the month of `atMs`. */
export function withCredits(input: StatusInput, atMs: number, credits: number): StatusInput {
  const months = new Map(input.months);
  const key = monthKey(atMs);
  months.set(key, (months.get(key) ?? 0) + credits);
  return { ...input, months };
}

/** The gap between a window's credits and the next threshold above them, when it is within reach. */
function gapIn(input: StatusInput, window: QualificationWindow, maxGap: number) {
  const ladder = ladderAt(input.ladders, Math.min(input.nowMs, window.end - 1));
  const credits = creditsIn(window, input.months);
  const tier = nextTierAbove(ladder, credits);
  if (tier === null) return null;
  const gap = tier.threshold - credits;
  return gap > 0 && gap <= maxGap ? { tier, gap } : null;
}

/**
 * At the end of a window: the gift that completes the window's credits to the next threshold, when
 * it raises the status the member holds now or once the new window's grace period is over.
 */
export function windowEndGapGift(input: StatusInput, maxGap: number): GapGift | null {
  const before = computeStatus(input);
  const previous = before.previous;
  if (previous === null) return null;
  const found = gapIn(input, previous.window, maxGap);
  if (found === null) return null;
  const qualifyingAt = previous.window.end - 1;
  const after = withCredits(input, qualifyingAt, found.gap);
  const afterGrace = Math.max(input.nowMs, before.current.window.start + input.settings.graceDays * DAY_MS);
  const raises = [input.nowMs, afterGrace].some((at) => {
    const without = at === input.nowMs ? before : computeStatus({ ...input, nowMs: at });
    return rankOf(computeStatus({ ...after, nowMs: at })) > rankOf(without);
  });
  if (!raises) return null;
  const outcome =
    rankIn(previous.ladder, found.tier) <= rankIn(previous.ladder, previous.held) ? 'keep' : 'welcome';
  return { tier: found.tier, credits: found.gap, window: previous.window, qualifyingAt, outcome };
}

/** At an earn (when the network gives at any earn): the gift that raises the member's tier now. */
export function earnGapGift(input: StatusInput, maxGap: number): GapGift | null {
  const before = computeStatus(input);
  const found = gapIn(input, before.current.window, maxGap);
  if (found === null) return null;
  const after = computeStatus(withCredits(input, input.nowMs, found.gap));
  if (rankOf(after) <= rankOf(before)) return null;
  return {
    tier: found.tier,
    credits: found.gap,
    window: before.current.window,
    qualifyingAt: input.nowMs,
    outcome: 'welcome',
  };
}

const rankOf = (status: MemberStatus) => rankIn(status.ladder, status.tier);

/** What the member is told: "We added the last 50 — welcome to Gold". */
export function giftMessage(gift: Pick<GapGift, 'credits' | 'tier' | 'outcome'>): string {
  const amount = groupDigits(gift.credits);
  return gift.outcome === 'welcome'
    ? `We added the last ${amount} — welcome to ${gift.tier.name}`
    : `We added the last ${amount} — you keep ${gift.tier.name}`;
}

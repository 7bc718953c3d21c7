import { type Ladder, ladderAt, rankIn, type Tier, tierAtRank, tierFor } from './ladder.js';
import {
  creditsIn,
  type QualificationWindow,
  type WindowPolicy,
  windowAt,
  windowByIndex,
} from './windows.js';

/**
 * A member's status as a pure function of the ledger: the qualifying credits per month (as they
 * stand now, refunds included), the ladders in force over time, the operator's matches and
 * challenges, and the moment asked about. Nothing here remembers an earlier answer, so the status
 * recomputed from scratch is the status, and a refund that takes credits back from a window takes
 * back what they earned (docs/status.md).
 *
 * Window by window, from the one the member enrolled in:
 * - a window's credits qualify for the highest tier they reach (a met challenge counts as
 *   qualifying for its tier in the window it was met in);
 * - a tier qualified in a window holds until the end of the following window;
 * - at a window's end the member keeps what they qualified for in it, and otherwise lands at most
 *   one tier below what they held (soft landing);
 * - in the first `graceDays` of a window a member keeps what they held at the end of the last one;
 * - a tier reached in `lifetimeAfterYears` windows is kept for life;
 * - an open challenge (a trial) holds its tier until it ends or is met.
 */

export const DAY_MS = 86_400_000;

export interface StatusSettings {
  readonly window: WindowPolicy;
  readonly graceDays: number;
}

/** An operator's status match or challenge: a tier on trial, kept when the target is met in time. */
export interface ChallengeInput {
  readonly id: string;
  readonly tierCode: string;
  readonly startsAt: number;
  readonly endsAt: number;
  /** Qualifying credits to earn between `startsAt` and `endsAt`; 0 is an outright match. */
  readonly targetCredits: number;
  /** The member's qualifying credits dated in [startsAt, endsAt), as they stand now. */
  readonly credits: readonly { readonly at: number; readonly credits: number }[];
}

export interface StatusInput {
  readonly nowMs: number;
  readonly settings: StatusSettings;
  /** When the member enrolled: their first window holds it. */
  readonly enrolledAt: number;
  readonly ladders: readonly Ladder[];
  /** Qualifying credits per month (`YYYY-MM`). */
  readonly months: ReadonlyMap<string, number>;
  readonly challenges: readonly ChallengeInput[];
}

export type StatusBasis =
  | 'none'
  | 'qualified'
  | 'retained'
  | 'soft_landing'
  | 'grace'
  | 'lifetime'
  | 'trial'
  | 'challenge';

export interface WindowCredits {
  readonly window: QualificationWindow;
  readonly credits: number;
  /** The tier the window's credits (or a challenge met in it) qualify for. */
  readonly qualified: Tier | null;
  /** The ladder the window is judged by: the one in force when it ended (or now). */
  readonly ladder: Ladder;
  /** The challenge met in this window, when it set `qualified`. */
  readonly challengeId: string | null;
}

export interface TrialView {
  readonly challengeId: string;
  readonly tier: Tier;
  readonly endsAt: number;
  readonly targetCredits: number;
  readonly credits: number;
}

export interface MemberStatus {
  readonly nowMs: number;
  readonly tier: Tier | null;
  readonly basis: StatusBasis;
  /** Exclusive end of the status (ms); null for life or without a tier. */
  readonly validUntil: number | null;
  /** The ladder in force now. */
  readonly ladder: Ladder;
  readonly current: WindowCredits;
  /** The last window that ended, with the tier held at its end; null in the first window. */
  readonly previous: (WindowCredits & { readonly held: Tier | null }) | null;
  /** The tier carried into the current window, before its own credits count. */
  readonly carried: Tier | null;
  readonly lifetime: Tier | null;
  readonly trial: TrialView | null;
  /** Windows qualified at each tier (or above), by tier code. */
  readonly yearsAt: ReadonlyMap<string, number>;
}

interface Candidate {
  readonly tier: Tier;
  readonly basis: StatusBasis;
  readonly validUntil: number | null;
}

export function computeStatus(input: StatusInput): MemberStatus {
  const { settings, enrolledAt, nowMs } = input;
  const currentIndex = windowAt(settings.window, enrolledAt, nowMs).index;
  const met = metChallenges(input);
  const yearsAt = new Map<string, number>();
  let carried: Tier | null = null;
  let carriedBasis: StatusBasis = 'none';
  let previous: MemberStatus['previous'] = null;
  for (let index = Math.min(0, currentIndex); ; index += 1) {
    const window = windowByIndex(settings.window, enrolledAt, index);
    const ladder = ladderAt(input.ladders, Math.min(nowMs, window.end - 1));
    const judged = judgeWindow(window, ladder, input.months, met);
    const qualifiedRank = rankIn(ladder, judged.qualified);
    for (const [rank, tier] of ladder.tiers.entries())
      if (rank <= qualifiedRank) yearsAt.set(tier.code, (yearsAt.get(tier.code) ?? 0) + 1);
    const lifetime = lifetimeTier(ladder, yearsAt);
    if (index === currentIndex)
      return finish(input, { judged, carried, carriedBasis, previous, lifetime, yearsAt });
    const held = higher(ladder, tierAtRank(ladder, rankIn(ladder, carried)), judged.qualified);
    const landed = tierAtRank(ladder, rankIn(ladder, held) - 1);
    const lifetimeRank = rankIn(ladder, lifetime);
    const next = higher(ladder, judged.qualified, landed);
    if (lifetime !== null && lifetimeRank >= rankIn(ladder, next)) {
      carried = lifetime;
      carriedBasis = 'lifetime';
    } else {
      carried = next;
      carriedBasis =
        next === null
          ? 'none'
          : rankIn(ladder, judged.qualified) >= rankIn(ladder, next)
            ? 'retained'
            : 'soft_landing';
    }
    previous = { ...judged, held };
  }
}

function finish(
  input: StatusInput,
  state: {
    judged: WindowCredits;
    carried: Tier | null;
    carriedBasis: StatusBasis;
    previous: MemberStatus['previous'];
    lifetime: Tier | null;
    yearsAt: ReadonlyMap<string, number>;
  },
): MemberStatus {
  const { settings, enrolledAt, nowMs } = input;
  const { judged, previous, lifetime } = state;
  const { ladder, window } = judged;
  const following = windowByIndex(settings.window, enrolledAt, window.index + 1);
  const candidates: Candidate[] = [];
  if (judged.qualified !== null) {
    candidates.push({
      tier: judged.qualified,
      basis: judged.challengeId === null ? 'qualified' : 'challenge',
      validUntil: following.end,
    });
  }
  const carried = tierAtRank(ladder, rankIn(ladder, state.carried));
  if (carried !== null) {
    candidates.push({
      tier: carried,
      basis: state.carriedBasis,
      validUntil: state.carriedBasis === 'lifetime' ? null : window.end,
    });
  }
  if (lifetime !== null) candidates.push({ tier: lifetime, basis: 'lifetime', validUntil: null });
  const graceEnd = window.start + settings.graceDays * DAY_MS;
  const heldBefore = previous === null ? null : tierAtRank(ladder, rankIn(ladder, previous.held));
  if (heldBefore !== null && nowMs < graceEnd)
    candidates.push({ tier: heldBefore, basis: 'grace', validUntil: graceEnd });
  const trial = openTrial(input, ladder);
  if (trial !== null) candidates.push({ tier: trial.tier, basis: 'trial', validUntil: trial.endsAt });
  const chosen = best(ladder, candidates);
  return {
    nowMs,
    tier: chosen?.tier ?? null,
    basis: chosen?.basis ?? 'none',
    validUntil: chosen?.validUntil ?? null,
    ladder,
    current: judged,
    previous,
    carried,
    lifetime,
    trial,
    yearsAt: state.yearsAt,
  };
}

/** The highest tier; between equals, the one that lasts longer. */
function best(ladder: Ladder, candidates: readonly Candidate[]): Candidate | undefined {
  const lasts = (candidate: Candidate) => candidate.validUntil ?? Number.POSITIVE_INFINITY;
  let chosen: Candidate | undefined;
  for (const candidate of candidates) {
    if (chosen === undefined) {
      chosen = candidate;
      continue;
    }
    const order = rankIn(ladder, candidate.tier) - rankIn(ladder, chosen.tier);
    if (order > 0 || (order === 0 && lasts(candidate) > lasts(chosen))) chosen = candidate;
  }
  return chosen;
}

function higher(ladder: Ladder, a: Tier | null, b: Tier | null): Tier | null {
  return rankIn(ladder, a) >= rankIn(ladder, b) ? a : b;
}

function judgeWindow(
  window: QualificationWindow,
  ladder: Ladder,
  months: ReadonlyMap<string, number>,
  met: readonly { challenge: ChallengeInput; at: number }[],
): WindowCredits {
  const credits = creditsIn(window, months);
  let qualified = tierFor(ladder, credits);
  let challengeId: string | null = null;
  for (const { challenge, at } of met) {
    if (at < window.start || at >= window.end) continue;
    const tier = ladder.tiers.find((each) => each.code === challenge.tierCode) ?? null;
    if (tier !== null && rankIn(ladder, tier) > rankIn(ladder, qualified)) {
      qualified = tier;
      challengeId = challenge.id;
    }
  }
  return { window, credits, qualified, ladder, challengeId };
}

function lifetimeTier(ladder: Ladder, yearsAt: ReadonlyMap<string, number>): Tier | null {
  let found: Tier | null = null;
  for (const tier of ladder.tiers) {
    if (tier.lifetimeAfterYears !== null && (yearsAt.get(tier.code) ?? 0) >= tier.lifetimeAfterYears)
      found = tier;
  }
  return found;
}

/** The credits a challenge has seen so far. */
export function challengeCredits(challenge: ChallengeInput): number {
  return challenge.credits.reduce((total, entry) => total + entry.credits, 0);
}

/**
 * When a challenge's target was reached, by the credits as they stand now (a refund of a credit
 * that reached it moves the moment later, or undoes it); null while it is not.
 */
export function challengeMetAt(challenge: ChallengeInput): number | null {
  if (challenge.targetCredits <= 0) return challenge.startsAt;
  const byMoment = new Map<number, number>();
  for (const entry of challenge.credits)
    byMoment.set(entry.at, (byMoment.get(entry.at) ?? 0) + entry.credits);
  let total = 0;
  for (const at of [...byMoment.keys()].sort((a, b) => a - b)) {
    total += byMoment.get(at) ?? 0;
    if (total >= challenge.targetCredits) return Math.max(at, challenge.startsAt);
  }
  return null;
}

function metChallenges(input: StatusInput): { challenge: ChallengeInput; at: number }[] {
  return input.challenges.flatMap((challenge) => {
    const at = challengeMetAt(challenge);
    return at !== null && at <= input.nowMs && at < challenge.endsAt ? [{ challenge, at }] : [];
  });
}

/** The highest challenge still open and not met: its tier holds until it ends. */
function openTrial(input: StatusInput, ladder: Ladder): TrialView | null {
  let found: TrialView | null = null;
  for (const challenge of input.challenges) {
    if (challenge.startsAt > input.nowMs || challenge.endsAt <= input.nowMs) continue;
    const metAt = challengeMetAt(challenge);
    if (metAt !== null && metAt <= input.nowMs) continue;
    const tier = ladder.tiers.find((each) => each.code === challenge.tierCode);
    if (tier === undefined || (found !== null && rankIn(ladder, found.tier) >= rankIn(ladder, tier)))
      continue;
    found = {
      challengeId: challenge.id,
      tier,
      endsAt: challenge.endsAt,
      targetCredits: challenge.targetCredits,
      credits: challengeCredits(challenge),
    };
  }
  return found;
}

/**
 * A reference model of the status rules, written apart from src/domain/status so that the property
 * test compares two readings of docs/status.md, not one with itself: the tier a member holds at a
 * moment, from their qualifying credits (each dated by the moment that decides its window), the
 * thresholds, the window setting and the grace period. Ranks: -1 for no tier, 0 for the lowest.
 */

export interface ModelSettings {
  readonly window: 'calendar_year' | 'rolling_12_months';
  readonly graceDays: number;
  /** Ascending thresholds, with the windows after which each is kept for life (null: never). */
  readonly tiers: readonly { readonly threshold: number; readonly lifetimeAfterYears: number | null }[];
}

export interface ModelEntry {
  readonly at: number;
  readonly credits: number;
}

const DAY_MS = 86_400_000;

export function windowIndex(settings: ModelSettings, enrolledAt: number, at: number): number {
  const enrolled = new Date(enrolledAt);
  const moment = new Date(at);
  const firstMonth = settings.window === 'calendar_year' ? 0 : enrolled.getUTCMonth();
  const months =
    (moment.getUTCFullYear() - enrolled.getUTCFullYear()) * 12 + moment.getUTCMonth() - firstMonth;
  return Math.floor(months / 12);
}

export function windowStart(settings: ModelSettings, enrolledAt: number, index: number): number {
  const enrolled = new Date(enrolledAt);
  const firstMonth = settings.window === 'calendar_year' ? 0 : enrolled.getUTCMonth();
  return Date.UTC(enrolled.getUTCFullYear(), firstMonth + 12 * index, 1);
}

function rankFor(settings: ModelSettings, credits: number): number {
  return settings.tiers.filter((tier) => credits >= tier.threshold).length - 1;
}

/** The rank a member holds at `now`. */
export function modelRank(
  settings: ModelSettings,
  enrolledAt: number,
  entries: readonly ModelEntry[],
  now: number,
): number {
  const current = windowIndex(settings, enrolledAt, now);
  const credits = new Map<number, number>();
  for (const entry of entries) {
    const index = windowIndex(settings, enrolledAt, entry.at);
    credits.set(index, (credits.get(index) ?? 0) + entry.credits);
  }
  const years = settings.tiers.map(() => 0);
  const lifetime = () => {
    let rank = -1;
    settings.tiers.forEach((tier, index) => {
      if (tier.lifetimeAfterYears !== null && (years[index] ?? 0) >= tier.lifetimeAfterYears) rank = index;
    });
    return rank;
  };
  const qualify = (index: number) => {
    const rank = rankFor(settings, credits.get(index) ?? 0);
    for (let tier = 0; tier <= rank; tier += 1) years[tier] = (years[tier] ?? 0) + 1;
    return rank;
  };
  let carried = -1;
  let heldAtLastEnd = -1;
  for (let index = 0; index < current; index += 1) {
    const qualified = qualify(index);
    const held = Math.max(carried, qualified);
    heldAtLastEnd = held;
    carried = Math.max(qualified, held - 1, lifetime());
  }
  const qualified = qualify(current);
  let rank = Math.max(carried, qualified, lifetime());
  if (current > 0 && now < windowStart(settings, enrolledAt, current) + settings.graceDays * DAY_MS)
    rank = Math.max(rank, heldAtLastEnd);
  return rank;
}

/**
 * Qualification windows: the periods in which qualifying credits count towards a tier.
 *
 * - `calendar_year`: 1 January to 31 December (UTC), the same for every member.
 * - `rolling_12_months`: twelve months that roll with each member, starting on the first day (UTC)
 *   of the month the member enrolled in, then every twelve months after. A window that rolled at
 *   every instant would leave "valid until the end of the following window" and "one tier down a
 *   window" without a meaning, so the window rolls per member, not per day (docs/status.md).
 *
 * Windows are whole calendar months either way, so credits are kept per month and a window's
 * credits are the sum of its twelve months, whichever setting is in force.
 */
export const WINDOW_POLICIES = ['calendar_year', 'rolling_12_months'] as const;
export type WindowPolicy = (typeof WINDOW_POLICIES)[number];

export interface QualificationWindow {
  /** 0 is the window the member enrolled in. */
  readonly index: number;
  /** Inclusive, in ms. */
  readonly start: number;
  /** Exclusive, in ms: the next window's start. */
  readonly end: number;
}

const monthStart = (year: number, month: number) => Date.UTC(year, month, 1);

/** The first month (year and 0-based month) of a member's window 0. */
function origin(policy: WindowPolicy, anchorMs: number): { year: number; month: number } {
  const anchor = new Date(anchorMs);
  return {
    year: anchor.getUTCFullYear(),
    month: policy === 'calendar_year' ? 0 : anchor.getUTCMonth(),
  };
}

export function windowByIndex(policy: WindowPolicy, anchorMs: number, index: number): QualificationWindow {
  const { year, month } = origin(policy, anchorMs);
  return {
    index,
    start: monthStart(year, month + 12 * index),
    end: monthStart(year, month + 12 * (index + 1)),
  };
}

/** The window that holds the moment `atMs`, for a member enrolled at `anchorMs`. */
export function windowAt(policy: WindowPolicy, anchorMs: number, atMs: number): QualificationWindow {
  const { year, month } = origin(policy, anchorMs);
  const at = new Date(atMs);
  const monthsSinceOrigin = (at.getUTCFullYear() - year) * 12 + at.getUTCMonth() - month;
  return windowByIndex(policy, anchorMs, Math.floor(monthsSinceOrigin / 12));
}

/** `YYYY-MM` of a moment (UTC): the key credits are kept under. */
export function monthKey(atMs: number): string {
  const at = new Date(atMs);
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The keys of the twelve months of a window. */
export function monthsOf(window: QualificationWindow): string[] {
  const start = new Date(window.start);
  return Array.from({ length: 12 }, (_, offset) =>
    monthKey(monthStart(start.getUTCFullYear(), start.getUTCMonth() + offset)),
  );
}

/** The credits of a window: the sum of its months. */
export function creditsIn(window: QualificationWindow, months: ReadonlyMap<string, number>): number {
  return monthsOf(window).reduce((total, key) => total + (months.get(key) ?? 0), 0);
}

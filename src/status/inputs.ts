import type { StatusConfig } from '../config.js';
import type { StatusSnapshot } from '../db/status.js';
import type { StatusInput } from '../domain/status/compute.js';

/** The calendar year (UTC) a moment falls in: gift budgets and caps are yearly. */
export const yearOf = (atMs: number) => new Date(atMs).getUTCFullYear();

/** What `computeStatus` needs, from a member's snapshot at `nowMs`. */
export function statusInputOf(snapshot: StatusSnapshot, config: StatusConfig, nowMs: number): StatusInput {
  return {
    nowMs,
    settings: { window: config.window, graceDays: config.graceDays },
    enrolledAt: snapshot.enrolledAt ?? nowMs,
    ladders: snapshot.ladders,
    months: snapshot.months,
    challenges: snapshot.challenges,
  };
}

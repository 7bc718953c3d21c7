import type { MemberStatus } from './compute.js';
import { nextTierAbove } from './ladder.js';
import type { QualificationWindow } from './windows.js';

/**
 * Every status is told with its reason, in one sentence a member can check against their own
 * activity: "Gold until 31 Dec 2027: 3,240 qualifying credits between 1 Jan 2026 and 31 Dec 2026".
 * Written here, without the runtime's locale data, so that the same status reads the same on every
 * runtime.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 3240 as "3,240". */
export function groupDigits(value: number): string {
  const digits = String(Math.abs(value));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 ? `-${grouped}` : grouped;
}

/** A UTC day as "31 Dec 2027". */
export function formatDay(ms: number): string {
  const day = new Date(ms);
  return `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
}

/** The last day of a period that ends (exclusively) at `endMs`. */
export const lastDay = (endMs: number) => formatDay(endMs - 1);

const between = (window: QualificationWindow) =>
  `between ${formatDay(window.start)} and ${lastDay(window.end)}`;
const credits = (value: number) => `${groupDigits(value)} qualifying credit${value === 1 ? '' : 's'}`;

export function explainStatus(status: MemberStatus): string {
  const { tier, current, previous } = status;
  if (status.ladder.tiers.length === 0) return 'The network has no tiers yet.';
  if (tier === null) {
    const next = nextTierAbove(status.ladder, current.credits);
    const needs = next === null ? '' : `; ${next.name} needs ${groupDigits(next.threshold)}`;
    return `No tier yet: ${credits(current.credits)} ${between(current.window)}${needs}.`;
  }
  const until = status.validUntil === null ? '' : lastDay(status.validUntil);
  switch (status.basis) {
    case 'lifetime':
      return `${tier.name} for life: ${groupDigits(status.yearsAt.get(tier.code) ?? 0)} qualification years at ${tier.name} or above.`;
    case 'qualified':
      return `${tier.name} until ${until}: ${credits(current.credits)} ${between(current.window)}.`;
    case 'challenge':
      return `${tier.name} until ${until}: the status challenge was met in the window ${between(current.window)}.`;
    case 'trial':
      return `${tier.name} on trial until ${until}: ${groupDigits(status.trial?.credits ?? 0)} of ${credits(status.trial?.targetCredits ?? 0)} earned so far keep it.`;
    case 'retained':
      return previous?.challengeId
        ? `${tier.name} until ${until}: the status challenge was met in the window ${between(previous.window)}.`
        : `${tier.name} until ${until}: ${credits(previous?.credits ?? 0)} ${previous ? between(previous.window) : ''}.`;
    case 'soft_landing':
      return `${tier.name} until ${until}: one tier below ${previous?.held?.name ?? 'the last tier'}, as ${credits(previous?.credits ?? 0)} ${previous ? between(previous.window) : ''} did not keep it.`;
    case 'grace':
      return `${tier.name} until ${until} (grace period): ${credits(previous?.credits ?? 0)} ${previous ? between(previous.window) : ''} did not keep it.`;
    case 'none':
      return `No tier yet: ${credits(current.credits)} ${between(current.window)}.`;
  }
}

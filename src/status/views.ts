import {
  readStatusChanges,
  readStatusSnapshot,
  type StatusChangeRow,
  type StatusSnapshot,
} from '../db/status.js';
import type { LedgerContext } from '../dependencies.js';
import { computeStatus, type MemberStatus, type StatusBasis } from '../domain/status/compute.js';
import { explainStatus, groupDigits, lastDay } from '../domain/status/explain.js';
import { forecast } from '../domain/status/forecast.js';
import {
  type Ladder,
  nextTierAbove,
  type Tier,
  type TierBenefits,
  tierToAimFor,
} from '../domain/status/ladder.js';
import { statusInputOf, yearOf } from './inputs.js';

/** What Tessera answers about a member's status: JSON only, the same on every route that shows it. */

const iso = (ms: number) => new Date(ms).toISOString();

export interface TierView {
  readonly code: string;
  readonly name: string;
  readonly threshold: number;
  readonly benefits: TierBenefits;
}

export const tierView = (tier: Tier): TierView => ({
  code: tier.code,
  name: tier.name,
  threshold: tier.threshold,
  benefits: tier.benefits,
});

export interface StatusView {
  readonly memberId: string;
  readonly tier: TierView | null;
  readonly basis: StatusBasis;
  /** Exclusive end (RFC 3339); null for life or without a tier. */
  readonly validUntil: string | null;
  /** The last day of the status, as members read it ("31 Dec 2027"). */
  readonly validThrough: string | null;
  readonly explanation: string;
  readonly window: { readonly start: string; readonly end: string; readonly credits: number };
  readonly progress: {
    readonly credits: number;
    readonly nextTier: { code: string; name: string; threshold: number } | null;
    readonly creditsToNext: number;
    /** How far the window's credits are on the way from the tier below to the next one, 0 to 100. */
    readonly percent: number;
  };
  readonly lifetime: { code: string; name: string } | null;
  readonly trial: {
    readonly challengeId: string;
    readonly tier: string;
    readonly endsAt: string;
    readonly targetCredits: number;
    readonly credits: number;
  } | null;
}

export function statusView(memberId: string, status: MemberStatus): StatusView {
  const { current, ladder } = status;
  const next = tierToAimFor(ladder, current.credits, status.tier);
  const below = [...ladder.tiers].reverse().find((tier) => tier.threshold <= current.credits)?.threshold ?? 0;
  const percent =
    next === null ? 100 : Math.floor(((current.credits - below) * 100) / (next.threshold - below));
  return {
    memberId,
    tier: status.tier === null ? null : tierView(status.tier),
    basis: status.basis,
    validUntil: status.validUntil === null ? null : iso(status.validUntil),
    validThrough: status.validUntil === null ? null : lastDay(status.validUntil),
    explanation: explainStatus(status),
    window: { start: iso(current.window.start), end: iso(current.window.end), credits: current.credits },
    progress: {
      credits: current.credits,
      nextTier: next === null ? null : { code: next.code, name: next.name, threshold: next.threshold },
      creditsToNext: next === null ? 0 : next.threshold - current.credits,
      percent: Math.max(0, Math.min(100, percent)),
    },
    lifetime: status.lifetime === null ? null : { code: status.lifetime.code, name: status.lifetime.name },
    trial:
      status.trial === null
        ? null
        : {
            challengeId: status.trial.challengeId,
            tier: status.trial.tier.code,
            endsAt: iso(status.trial.endsAt),
            targetCredits: status.trial.targetCredits,
            credits: status.trial.credits,
          },
  };
}

/** A member's status now, recomputed from their qualifying credits; undefined for an unknown member. */
export async function readMemberStatus(
  context: LedgerContext,
  memberId: string,
): Promise<{ snapshot: StatusSnapshot; status: MemberStatus } | undefined> {
  const nowMs = context.clock();
  const snapshot = await readStatusSnapshot(context.db, memberId, yearOf(nowMs));
  if (snapshot.enrolledAt === undefined) return undefined;
  return { snapshot, status: computeStatus(statusInputOf(snapshot, context.config.status, nowMs)) };
}

export interface ForecastView {
  readonly memberId: string;
  readonly tier: string | null;
  readonly keep: { tier: string; credits: number; by: string; countingFrom: string } | null;
  readonly next: { tier: string; credits: number; by: string } | null;
  readonly downgrade: { at: string; to: string | null } | null;
  /** Within the gap of the next tier: the network gives the rest when the window ends (budget allowing). */
  readonly gapGift: { tier: string; credits: number; at: string } | null;
  readonly summary: string;
}

export function forecastView(
  context: LedgerContext,
  snapshot: StatusSnapshot,
  status: MemberStatus,
): ForecastView {
  const input = statusInputOf(snapshot, context.config.status, status.nowMs);
  const result = forecast(input, status);
  const next = nextTierAbove(status.ladder, status.current.credits);
  const maxGap = context.config.status.gapGift.maxCredits;
  const gap = next === null ? 0 : next.threshold - status.current.credits;
  const gapGift =
    next !== null && gap > 0 && gap <= maxGap
      ? { tier: next.code, credits: gap, at: iso(status.current.window.end) }
      : null;
  return {
    memberId: snapshot.memberId,
    tier: status.tier?.code ?? null,
    keep:
      result.keep === null
        ? null
        : {
            tier: result.keep.tier.code,
            credits: result.keep.credits,
            by: iso(result.keep.by),
            countingFrom: iso(result.keep.countingFrom),
          },
    next:
      result.next === null
        ? null
        : { tier: result.next.tier.code, credits: result.next.credits, by: iso(result.next.by) },
    downgrade:
      result.downgrade === null
        ? null
        : { at: iso(result.downgrade.at), to: result.downgrade.tier?.code ?? null },
    gapGift,
    summary: forecastSummary(status, result),
  };
}

function forecastSummary(status: MemberStatus, result: ReturnType<typeof forecast>): string {
  const credits = groupDigits;
  const parts: string[] = [];
  if (status.tier !== null && result.keep !== null)
    parts.push(
      `${credits(result.keep.credits)} qualifying credits by ${lastDay(result.keep.by)} keep ${status.tier.name}`,
    );
  if (result.next !== null)
    parts.push(
      `${credits(result.next.credits)} by ${lastDay(result.next.by)} reach ${result.next.tier.name}`,
    );
  if (parts.length === 0)
    return status.tier === null ? 'The network has no tiers yet.' : `${status.tier.name} for life.`;
  const text = parts.join('; ');
  return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
}

export interface StatusChangeView {
  readonly id: string;
  readonly occurredAt: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly validUntil: string | null;
  readonly basis: string;
  readonly cause: string;
  readonly explanation: string;
}

export const statusChangeView = (row: StatusChangeRow): StatusChangeView => ({
  id: row.id,
  occurredAt: iso(row.occurredAt),
  from: row.fromTier,
  to: row.toTier,
  validUntil: row.validUntil === null ? null : iso(row.validUntil),
  basis: row.basis,
  cause: row.cause,
  explanation: row.explanation,
});

/** A member's status changes, newest first. */
export async function statusHistory(
  context: LedgerContext,
  memberId: string,
  limit: number,
  beforeId?: string,
): Promise<StatusChangeView[]> {
  return (await readStatusChanges(context.db, memberId, limit, beforeId)).map(statusChangeView);
}

export interface LadderView {
  readonly id: string;
  readonly effectiveFrom: string;
  readonly tiers: (TierView & { lifetimeAfterYears: number | null })[];
}

export const ladderView = (ladder: Ladder): LadderView => ({
  id: ladder.id,
  effectiveFrom: iso(ladder.effectiveFrom),
  tiers: ladder.tiers.map((tier) => ({ ...tierView(tier), lifetimeAfterYears: tier.lifetimeAfterYears })),
});

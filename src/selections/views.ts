import type { SelectionMemberRow, SelectionRow } from '../db/selections.js';
import type { Cohort } from '../domain/catalogue/selection.js';

const iso = (ms: number) => new Date(ms).toISOString();

function cohortView(cohort: Cohort) {
  return cohort.type === 'points'
    ? { type: cohort.type, minPoints: cohort.minPoints, asOf: iso(cohort.asOf) }
    : {
        type: cohort.type,
        tiers: cohort.tiers,
        tiersAt: iso(cohort.tiersAt),
        minPoints: cohort.minPoints,
        asOf: cohort.asOf === null ? null : iso(cohort.asOf),
      };
}

export function selectionView(row: SelectionRow, outcomes: Record<string, number>) {
  return {
    id: row.id,
    name: row.name,
    cohort: cohortView(row.cohort),
    giftCardShare: row.giftCardShare,
    opensAt: new Date(row.opensAt).toISOString(),
    closesAt: new Date(row.closesAt).toISOString(),
    status: row.status,
    fxSnapshotId: row.fxSnapshotId,
    closedAt: row.closedAt === null ? null : new Date(row.closedAt).toISOString(),
    members: {
      total: Object.values(outcomes).reduce((total, count) => total + count, 0),
      undecided: outcomes.undecided ?? 0,
      chose: outcomes.chose ?? 0,
      giftCard: outcomes.gift_card ?? 0,
      nothing: outcomes.nothing ?? 0,
    },
  };
}

export type SelectionView = ReturnType<typeof selectionView>;

/** A yearly choice as one member of its cohort sees it. */
export function memberSelectionView(row: SelectionRow, membership: SelectionMemberRow) {
  return {
    id: row.id,
    name: row.name,
    opensAt: new Date(row.opensAt).toISOString(),
    closesAt: new Date(row.closesAt).toISOString(),
    status: row.status,
    outcome: membership.outcome,
    giftCardId: membership.giftCardId,
    pointsConverted: membership.pointsConverted,
  };
}

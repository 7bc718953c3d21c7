import { and, asc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { AuditHook } from '../db/audit.js';
import type { BatchStatement, Database } from '../db/database.js';
import {
  lots,
  memberSessions,
  members,
  poolMembers,
  pools,
  refreshTokens,
  reservations,
  transactions,
} from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, type RefusalOf } from '../domain/errors.js';
import { BREAKAGE_ACCOUNT_ID, walletAccountId } from '../domain/ledger/accounts.js';
import { type EventDraft, eventDraft } from '../events/draft.js';
import { planLotMovement } from '../ledger/postings.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { MEMBER_DATA_SECTIONS, memberCondition } from './data-sections.js';
import { activeMember, STANDING_REFUSALS } from './standing.js';

/**
 * What the member chose for the points still in their wallet: `none_left` (they redeemed them
 * first, and erasure is refused if any remain) or `forfeit` (they go to breakage).
 */
export const REMAINING_POINTS_CHOICES = ['none_left', 'forfeit'] as const;
export type RemainingPointsChoice = (typeof REMAINING_POINTS_CHOICES)[number];

export const ERASURE_REFUSALS = [
  ...STANDING_REFUSALS,
  'erasure_points_remaining',
  'erasure_pending_holds',
] as const;

export interface ErasureView {
  readonly memberId: string;
  readonly erasedAt: string;
  readonly remainingPoints: RemainingPointsChoice;
  readonly pointsForfeited: number;
}

/**
 * Erases the member's personal data in one batch, irreversibly: the profile, passkeys, sessions and
 * their refresh tokens, claim codes, pay codes and pool invitations are deleted (every section of
 * `MEMBER_DATA_SECTIONS` whose rule is `delete`), the card number is cleared (from the membership,
 * the enrolment event and the partner's stored enrolment answer), pools are left (and those the
 * member owns dissolved), and the membership is marked erased so it never signs in or earns again.
 * The id stays in the ledger as a pseudonym: transfers, lots and statements are untouched, so
 * every closed statement keeps its bytes and its signature. Points left in the wallet go to
 * breakage as a `forfeiture` only when the member chose it.
 */
export async function planErasure(
  context: LedgerContext,
  memberId: string,
  choice: RemainingPointsChoice,
  audit: AuditHook,
): Promise<WritePlan<ErasureView> | DomainError<RefusalOf<typeof ERASURE_REFUSALS>>> {
  const { db, ids, clock } = context;
  const member = await activeMember(db, memberId);
  if ('code' in member) return member;
  if (await hasPendingHolds(db, memberId)) {
    return domainError(
      'erasure_pending_holds',
      'A hold (a stay or an order not yet captured) or a catalogue reservation is still pending; once it is captured, voided, fulfilled or cancelled, erasure can go ahead.',
    );
  }
  const walletLots = await db
    .select({ id: lots.id, issuerPartnerId: lots.issuerPartnerId, points: lots.pointsRemaining })
    .from(lots)
    .where(and(eq(lots.memberId, memberId), gt(lots.pointsRemaining, 0)))
    .orderBy(asc(lots.expiresAt), asc(lots.id));
  const points = walletLots.reduce((total, lot) => total + lot.points, 0);
  if (points > 0 && choice !== 'forfeit') {
    return domainError(
      'erasure_points_remaining',
      `${points} points remain in the wallet: redeem them first, or erase with "remainingPoints": "forfeit" to give them up.`,
      { points },
    );
  }
  const nowMs = clock();
  const partnerIds = await partnersThatKnew(db, memberId, member.enrolledByPartnerId);
  const pooled = await poolPlaces(db, memberId);
  const view: ErasureView = {
    memberId,
    erasedAt: new Date(nowMs).toISOString(),
    remainingPoints: choice,
    pointsForfeited: points,
  };
  return {
    status: 200,
    body: view,
    statements: [
      ...planLotMovement(context, {
        kind: 'forfeiture',
        transactionId: ids('ers'),
        debitAccountId: walletAccountId(memberId),
        creditAccountId: BREAKAGE_ACCOUNT_ID,
        partnerId: null,
        lots: walletLots.map((lot) => ({
          lotId: lot.id,
          issuerPartnerId: lot.issuerPartnerId,
          points: lot.points,
        })),
      }),
      requireNothingLeft(db, memberId),
      db
        .update(members)
        .set({ status: 'erased', erasedAt: nowMs, externalReference: null })
        .where(and(eq(members.id, memberId), eq(members.status, 'active'))),
      requireChangedRow(db, 'member_not_active'),
      ...forgetStatements(db, memberId, nowMs),
      ...audit(memberId, { remainingPoints: choice, pointsForfeited: points }),
    ],
    events: [
      eventDraft(
        context,
        'member.erased',
        { memberId, erasedAt: view.erasedAt, pointsForfeited: points },
        {
          partnerIds,
          ledger: points > 0,
        },
      ),
      ...poolEvents(context, memberId, pooled),
    ],
  };
}

async function hasPendingHolds(db: Database, memberId: string): Promise<boolean> {
  const [hold] = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.memberId, memberId), eq(transactions.status, 'pending')))
    .limit(1);
  if (hold !== undefined) return true;
  const [reservation] = await db
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.memberId, memberId), eq(reservations.status, 'reserved')))
    .limit(1);
  return reservation !== undefined;
}

/**
 * Guards in the batch what the plan read: after the forfeiture the wallet is empty, and no hold or
 * reservation appeared meanwhile; otherwise the erasure is planned again from fresh reads.
 */
function requireNothingLeft(db: Database, memberId: string): BatchStatement {
  return db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'erasure_state_changed'
    WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ${walletAccountId(memberId)} AND balance <> 0)
       OR EXISTS (SELECT 1 FROM transactions WHERE member_id = ${memberId} AND status = 'pending')
       OR EXISTS (SELECT 1 FROM reservations WHERE member_id = ${memberId} AND status = 'reserved')`);
}

/** The partners that enrolled the member or had a transaction with them: they hear of the erasure. */
async function partnersThatKnew(db: Database, memberId: string, enrolledBy: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ partnerId: transactions.partnerId })
    .from(transactions)
    .where(and(eq(transactions.memberId, memberId), isNotNull(transactions.partnerId)));
  const known = rows.flatMap((row) => (row.partnerId === null ? [] : [row.partnerId]));
  return [...new Set([enrolledBy, ...known])].sort();
}

interface PoolPlaces {
  /** Pools the member owns, with their other members: dissolved. */
  readonly owned: { readonly poolId: string; readonly memberIds: string[] }[];
  /** Pools the member is in as a member, with their other members: left. */
  readonly joined: { readonly poolId: string; readonly memberIds: string[] }[];
}

async function poolPlaces(db: Database, memberId: string): Promise<PoolPlaces> {
  const places = await db
    .select({ poolId: poolMembers.poolId, role: poolMembers.role })
    .from(poolMembers)
    .where(and(eq(poolMembers.memberId, memberId), isNull(poolMembers.leftAt)));
  if (places.length === 0) return { owned: [], joined: [] };
  const others = await db
    .select({ poolId: poolMembers.poolId, memberId: poolMembers.memberId })
    .from(poolMembers)
    .where(
      and(
        inArray(
          poolMembers.poolId,
          places.map((place) => place.poolId),
        ),
        isNull(poolMembers.leftAt),
      ),
    );
  const membersOf = (poolId: string) =>
    others.filter((row) => row.poolId === poolId && row.memberId !== memberId).map((row) => row.memberId);
  const withMembers = (role: 'owner' | 'member') =>
    places
      .filter((place) => place.role === role)
      .map((place) => ({ poolId: place.poolId, memberIds: membersOf(place.poolId) }));
  return { owned: withMembers('owner'), joined: withMembers('member') };
}

function poolEvents(context: LedgerContext, memberId: string, pooled: PoolPlaces): EventDraft[] {
  return [
    ...pooled.owned.map((pool) =>
      eventDraft(context, 'pool.dissolved', { poolId: pool.poolId }, { memberIds: pool.memberIds }),
    ),
    ...pooled.joined.map((pool) =>
      eventDraft(
        context,
        'pool.member_left',
        { poolId: pool.poolId, memberId, removedBy: memberId },
        { memberIds: pool.memberIds },
      ),
    ),
  ];
}

/** Everything personal goes; what stays names the member by the pseudonymous id only. */
function forgetStatements(db: Database, memberId: string, nowMs: number): BatchStatement[] {
  const ownedPools = db.select({ id: pools.id }).from(pools).where(eq(pools.ownerMemberId, memberId));
  return [
    db
      .delete(refreshTokens)
      .where(
        inArray(
          refreshTokens.sessionId,
          db
            .select({ id: memberSessions.id })
            .from(memberSessions)
            .where(eq(memberSessions.memberId, memberId)),
        ),
      ),
    ...MEMBER_DATA_SECTIONS.filter((section) => 'delete' in section.erasure).map((section) =>
      db.delete(section.table).where(memberCondition(section, memberId)),
    ),
    // The owner cannot leave a pool: it is dissolved, and its name (which may name the member) cleared.
    db
      .update(pools)
      .set({ dissolvedAt: sql`COALESCE(${pools.dissolvedAt}, ${nowMs})`, name: 'Dissolved pool' })
      .where(eq(pools.ownerMemberId, memberId)),
    db
      .update(poolMembers)
      .set({ leftAt: nowMs })
      .where(and(inArray(poolMembers.poolId, ownedPools), isNull(poolMembers.leftAt))),
    db
      .update(poolMembers)
      .set({ leftAt: nowMs })
      .where(and(eq(poolMembers.memberId, memberId), isNull(poolMembers.leftAt))),
    // A card number was told to the enrolling or linking partner in the event and its stored answer.
    db.run(sql`UPDATE events SET data = json_set(data, '$.externalReference', NULL)
      WHERE type IN ('member.enrolled', 'member.linked')
        AND json_extract(data, '$.memberId') = ${memberId}`),
    db.run(sql`UPDATE idempotency_records
      SET response_body = json_set(response_body, '$.externalReference', NULL)
      WHERE principal_kind = 'partner'
        AND CASE WHEN json_valid(response_body)
          THEN coalesce(json_extract(response_body, '$.id'), json_extract(response_body, '$.memberId')) = ${memberId}
          AND json_type(response_body, '$.externalReference') = 'text' ELSE 0 END`),
    // A message's title may address the member by name: cleared from the event and the sender's
    // stored answer, as the message itself is deleted.
    db.run(sql`UPDATE events SET data = json_set(data, '$.title', NULL)
      WHERE type = 'message.delivered' AND json_extract(data, '$.memberId') = ${memberId}`),
    db.run(sql`UPDATE idempotency_records
      SET response_body = json_set(response_body, '$.title', NULL, '$.body', NULL, '$.action', NULL)
      WHERE principal_kind = 'partner'
        AND CASE WHEN json_valid(response_body)
          THEN json_extract(response_body, '$.memberId') = ${memberId}
          AND substr(json_extract(response_body, '$.id'), 1, 4) = 'msg_' ELSE 0 END`),
    // The member's own stored answers (a profile change answers the profile).
    db.run(
      sql`DELETE FROM idempotency_records WHERE principal_kind = 'member' AND principal_id = ${memberId}`,
    ),
  ];
}

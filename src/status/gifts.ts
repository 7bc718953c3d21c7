import type { BatchStatement } from '../db/database.js';
import {
  insertGapGiftStatement,
  NETWORK_HOLDER,
  type QualifyingCreditRow,
  type StatusSnapshot,
  useAllowanceStatement,
} from '../db/status.js';
import { insertTransactionStatement } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { type GapGift, giftMessage } from '../domain/status/gap.js';
import type { EventDraft } from '../events/draft.js';
import { NETWORK_FUNDER, planCredit } from '../ledger/postings.js';
import { tellMember } from '../members/tell.js';
import { yearOf } from './inputs.js';

export interface GiftPlan {
  readonly statements: BatchStatement[];
  readonly events: EventDraft[];
  /** The gift's qualifying credits, for the review to count and record. */
  readonly credits: Omit<QualifyingCreditRow, 'id' | 'createdAt'>;
}

/**
 * Gives a gap gift: the credits (and, by GAP_GIFT_POINTS_PER_CREDIT, points from the network's
 * promotions budget) that complete the member's window, and tells the member why. Planned only
 * when the snapshot shows it has not been given and the year's budget and the member's cap have
 * room; the batch guards all three again (a unique index, and the allowances' CHECK), so gifts
 * racing for the last credits of a budget, or for one member, are given once and never past it.
 */
export async function planGapGift(
  context: LedgerContext,
  snapshot: StatusSnapshot,
  gift: GapGift,
): Promise<GiftPlan | undefined> {
  const { db, ids, clock, config } = context;
  const settings = config.status.gapGift;
  const nowMs = clock();
  const given = snapshot.gifts.some(
    (each) => each.tier === gift.tier.code && each.windowStart === gift.window.start,
  );
  if (given) return undefined;
  if (snapshot.giftedThisYear.network + gift.credits > settings.budgetYearly) return undefined;
  if (snapshot.giftedThisYear.member + gift.credits > settings.memberCapYearly) return undefined;
  const giftId = ids('gft');
  const message = giftMessage(gift);
  const points = gift.credits * settings.pointsPerCredit;
  const transactionId = points > 0 ? ids('txn') : null;
  const statements: BatchStatement[] = [
    useAllowanceStatement(db, NETWORK_HOLDER, yearOf(nowMs), settings.budgetYearly, gift.credits),
    useAllowanceStatement(db, snapshot.memberId, yearOf(nowMs), settings.memberCapYearly, gift.credits),
    insertGapGiftStatement(db, {
      id: giftId,
      memberId: snapshot.memberId,
      tier: gift.tier.code,
      windowStart: gift.window.start,
      credits: gift.credits,
      points,
      transactionId,
      message,
      givenAt: nowMs,
    }),
  ];
  if (transactionId !== null) {
    const credit = await planCredit(context, {
      kind: 'gap_gift',
      memberId: snapshot.memberId,
      transactionId,
      points,
      funder: NETWORK_FUNDER,
      unitPrice: config.pointValueText,
    });
    statements.push(
      insertTransactionStatement(db, {
        id: transactionId,
        partnerId: null,
        memberId: snapshot.memberId,
        kind: 'gap_gift',
        status: 'posted',
        points,
        details: { kind: 'gap_gift', reason: message, tier: gift.tier.code, credits: gift.credits },
        createdAt: nowMs,
      }),
      ...credit.statements,
    );
  }
  const told = tellMember(
    context,
    snapshot.memberId,
    'gratitude.gift_given',
    {
      memberId: snapshot.memberId,
      giftId,
      transactionId,
      tier: gift.tier.code,
      credits: gift.credits,
      points,
      message,
    },
    { title: 'A gift from the coalition', body: message },
    { ledger: transactionId !== null },
  );
  return {
    statements: [...statements, ...told.statements],
    events: told.events,
    credits: {
      memberId: snapshot.memberId,
      source: 'gap_gift',
      sourceId: transactionId ?? giftId,
      partnerId: null,
      credits: gift.credits,
      qualifyingAt: gift.qualifyingAt,
    },
  };
}

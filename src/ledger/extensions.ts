import type { BatchStatement } from '../db/database.js';
import type { PartnerRow } from '../db/partners.js';
import type { LedgerContext } from '../dependencies.js';
import type { BonusFunder } from '../domain/status/ladder.js';
import type { EventDraft } from '../events/draft.js';

/**
 * What other parts of Tessera add to the batch of an earn, a capture or a refund, without the
 * ledger knowing them: status counts the qualifying credits, reviews the member's tier and decides
 * the tier bonus the ledger then credits. The routes hand the extension in (`statusOfEarns`);
 * `noExtension` adds nothing.
 */
export interface EarnExtension {
  /** Points were credited for a purchase (a posted earn, or a captured hold). */
  credited(context: LedgerContext, earn: CreditedEarn): Promise<ExtensionPlan>;
  /** A refund took back points of an earn, in proportion to `refundMinor`. */
  refunded(context: LedgerContext, refund: RefundedEarn): Promise<ExtensionPlan>;
}

export interface CreditedEarn {
  readonly memberId: string;
  readonly partner: PartnerRow;
  readonly transactionId: string;
  /** The points earned (before any repaid debt): what qualifies and what a multiplier multiplies. */
  readonly points: number;
  readonly cause: 'earn' | 'capture';
}

export interface RefundedEarn {
  readonly memberId: string;
  readonly partnerId: string;
  readonly earnTransactionId: string;
  readonly reversalTransactionId: string;
  /** The amount the points were earned on, what earlier refunds took, and this refund. */
  readonly baseAmountMinor: bigint;
  readonly reversedBeforeMinor: bigint;
  readonly refundMinor: bigint;
}

/** Bonus points the member's tier adds to an earn, and who funds them. */
export interface TierBonusDecision {
  readonly tier: string;
  readonly tierName: string;
  readonly multiplier: string;
  readonly fundedBy: BonusFunder;
  readonly points: number;
}

export interface ExtensionPlan {
  readonly statements: BatchStatement[];
  readonly events: EventDraft[];
  readonly tierBonus: TierBonusDecision | null;
}

const nothing: ExtensionPlan = { statements: [], events: [], tierBonus: null };

export const noExtension: EarnExtension = {
  credited: async () => nothing,
  refunded: async () => nothing,
};

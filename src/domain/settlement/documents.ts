import type { WireAmount } from './amounts.js';

/**
 * The signed documents of a settlement. Every field is a string, a safe integer, an array or an
 * object, so the canonical JSON bytes are well defined. Signs: a positive net means the partner
 * pays the network; exact values are decimal strings in the currency named beside them.
 */

export interface PeriodView {
  readonly previousSettlementId: string | null;
  /** Transfers with a sequence above this one and up to `toSequence` are in the period. */
  readonly fromSequence: number;
  readonly toSequence: number;
  readonly closedAt: string;
}

export interface AmountBreakdown {
  /** What the partner pays for the points it issued, net of reversals. */
  readonly issuanceFee: WireAmount;
  /** What the network pays the partner for the points redeemed at it, net of returns. */
  readonly reimbursement: WireAmount;
  /** What coalition gift cards bought at the partner, net of refunds: present only when not zero. */
  readonly giftCardPayments?: WireAmount;
  /** Accepted disputes: positive adds to what the partner pays. */
  readonly adjustments: WireAmount;
  /** issuanceFee - reimbursement - giftCardPayments + adjustments, each rounded half-even first. */
  readonly net: WireAmount;
  readonly netExact: string;
  /** net - netExact: what rounding each line to the minor unit added. */
  readonly roundingResidue: string;
}

export interface StatementLine {
  readonly kind: string;
  readonly unitPrice: string;
  readonly points: number;
  readonly transfers: number;
  /** Exact reference-currency amount; positive: the partner pays. */
  readonly amountExact: string;
}

/** What coalition gift cards in one currency bought at the partner in the period. */
export interface GiftCardLine {
  readonly currency: string;
  readonly spent: WireAmount;
  readonly refunded: WireAmount;
  readonly payments: number;
  readonly refunds: number;
  /** (spent - refunded) / the snapshot's rate of `currency`: exact, in reference currency. */
  readonly amountReferenceExact: string;
}

export interface StatementAdjustment {
  readonly id: string;
  readonly disputeId: string;
  readonly direction: 'credit' | 'debit';
  /** Exact reference-currency amount; positive: the partner pays. */
  readonly amountExact: string;
  readonly points: number | null;
  readonly note: string;
}

export interface FlowView {
  readonly pointsRedeemed: number;
  readonly pointsReturned: number;
  /** pointsRedeemed - pointsReturned. */
  readonly points: number;
  /** points x point value, in reference currency. */
  readonly value: WireAmount;
}

export interface StatementDocument {
  readonly type: 'tessera.statement.v1';
  readonly issuer: string;
  readonly settlementId: string;
  readonly settlementNumber: number;
  readonly partner: { readonly id: string; readonly name: string; readonly settlementCurrency: string };
  readonly period: PeriodView;
  readonly referenceCurrency: string;
  readonly pointValue: string;
  readonly fx: { readonly snapshotId: string; readonly asOf: string; readonly rate: string };
  readonly points: {
    readonly issued: number;
    readonly issueReversed: number;
    readonly debtRepaid: number;
    readonly netIssued: number;
    readonly redeemed: number;
    readonly redeemReturned: number;
    readonly netRedeemed: number;
    readonly expired: number;
    readonly transfers: number;
  };
  readonly lines: StatementLine[];
  /** Present only when gift cards were spent at the partner or refunded onto in the period. */
  readonly giftCards?: GiftCardLine[];
  readonly adjustments: StatementAdjustment[];
  readonly reference: AmountBreakdown;
  readonly settlement: AmountBreakdown;
  readonly payment: {
    readonly direction: 'partner_pays' | 'network_pays' | 'nothing_due';
    readonly amount: WireAmount;
  };
  readonly flows: {
    /** The partner's row: its points redeemed at each partner. */
    readonly issued: (FlowView & { readonly redeemerPartnerId: string })[];
    /** The partner's column: each partner's points redeemed at it. */
    readonly redeemed: (FlowView & { readonly issuerPartnerId: string })[];
  };
  /** Transfer kinds settlement does not price, shown so that nothing is silently left out. */
  readonly unclassified: { readonly kind: string; readonly points: number; readonly transfers: number }[];
}

export interface PointTotals {
  readonly transfers: number;
  readonly issued: number;
  readonly issueReversed: number;
  readonly debtRepaid: number;
  readonly redeemed: number;
  readonly redeemReturned: number;
  readonly expired: number;
  /** Points the network's promotions budget gave (goodwill, gifts, network bonuses). */
  readonly networkFunded: number;
  /**
   * Points in member wallets, and held for catalogue reservations: what the network owes as future
   * redemptions.
   */
  readonly outstandingLiability: number;
  /** The catalogue and gift card figures: present only when not zero, so earlier documents keep their bytes. */
  readonly reserved?: number;
  readonly reservationReleased?: number;
  readonly redeemedAtNetwork?: number;
  readonly convertedToGiftCards?: number;
  /** Points merges moved from absorbed memberships to surviving ones: present only when not zero. */
  readonly movedBetweenMembers?: number;
  /** Points members gave up when they erased their data (also counted in breakage by issuer). */
  readonly forfeited?: number;
  /** Points held for reservations, neither captured nor released (part of the outstanding liability). */
  readonly heldForReservations?: number;
}

export interface SettlementDocument {
  readonly type: 'tessera.settlement.v1';
  readonly issuer: string;
  readonly settlementId: string;
  readonly number: number;
  readonly period: PeriodView;
  readonly referenceCurrency: string;
  readonly pointValue: string;
  readonly fx: {
    readonly snapshotId: string;
    readonly asOf: string;
    readonly rates: Readonly<Record<string, string>>;
  };
  /** One payment instruction per partner; `digest` is the SHA-256 (base64url) of its statement's bytes. */
  readonly statements: {
    readonly partnerId: string;
    readonly net: WireAmount;
    readonly netReference: WireAmount;
    readonly netReferenceExact: string;
    readonly direction: StatementDocument['payment']['direction'];
    readonly digest: string;
  }[];
  readonly flows: (FlowView & { readonly issuerPartnerId: string; readonly redeemerPartnerId: string })[];
  readonly breakage: {
    readonly issuerPartnerId: string;
    readonly points: number;
    readonly value: WireAmount;
  }[];
  /** Points of one issuer that another partner's refund took back (the ledger takes any lot once the refunded lot is spent). */
  readonly crossIssuerReversals: {
    readonly issuerPartnerId: string;
    readonly reversingPartnerId: string;
    readonly points: number;
  }[];
  readonly unclassified: {
    readonly partnerId: string;
    readonly kind: string;
    readonly points: number;
    readonly transfers: number;
  }[];
  /** What the network's own budget funded in the period, at the price recorded on each transfer. */
  readonly networkFunded: {
    readonly kind: string;
    readonly unitPrice: string;
    readonly points: number;
    readonly transfers: number;
    readonly amountExact: string;
  }[];
  readonly totals: { readonly period: PointTotals; readonly atClose: PointTotals };
  readonly netting: {
    readonly issuanceFeesExact: string;
    readonly reimbursementsExact: string;
    readonly adjustmentsExact: string;
    /** What the network paid partners for what gift cards bought: present only when not zero. */
    readonly giftCardPaymentsExact?: string;
    /** What the network earns in the period, exactly: fees - reimbursements - gift card payments + adjustments. */
    readonly marginExact: string;
    /** What the network funded itself in the period (networkFunded), a cost no partner pays. */
    readonly networkFundedExact: string;
    /** marginExact - networkFundedExact: what the period earned the network after what it gave. */
    readonly marginAfterNetworkFundedExact: string;
    /** The sum of the partners' rounded nets: what the network collects (negative: pays out). */
    readonly sumOfNets: WireAmount;
    /** sumOfNets - marginExact. */
    readonly roundingResidue: string;
    /** The network's own net, signed like a partner's: -(marginExact + roundingResidue). */
    readonly networkNet: WireAmount;
  };
}

import type { GiftCardMovementRow, GiftCardRow } from '../db/gift-cards.js';
import { formatMoney } from '../domain/money.js';

const money = (amountMinor: number, currency: string) =>
  formatMoney({ amountMinor: BigInt(amountMinor), currency });

/** A card as its member and the accepting partner see it: never its code, only the code's last four characters. */
export function giftCardView(row: GiftCardRow, nowMs: number) {
  return {
    id: row.id,
    memberId: row.memberId,
    balance: money(row.balanceMinor, row.currency),
    issued: money(row.issuedMinor, row.currency),
    codeHint: row.codeHint,
    selectionId: row.selectionId,
    points: row.points,
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
    expired: row.expiresAt !== null && row.expiresAt <= nowMs,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export type GiftCardView = ReturnType<typeof giftCardView>;

export function paymentView(row: GiftCardMovementRow, balanceMinor: number) {
  return {
    id: row.id,
    giftCardId: row.giftCardId,
    kind: row.kind,
    amount: money(row.amountMinor, row.currency),
    refunded: money(row.refundedMinor, row.currency),
    balance: money(balanceMinor, row.currency),
    spendId: row.spendId,
    externalReference: row.externalReference,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export type PaymentView = ReturnType<typeof paymentView>;

import { addMonths } from '../ledger/lots.js';

/**
 * When a gift card issued at `issuedAtMs` expires: `GIFT_CARD_EXPIRY_MONTHS` after issue, or never
 * (0), which is what jurisdictions that forbid gift cards to expire by time alone require.
 */
export function giftCardExpiresAt(issuedAtMs: number, expiryMonths: number): number | null {
  return expiryMonths === 0 ? null : addMonths(issuedAtMs, expiryMonths);
}

export function isGiftCardExpired(expiresAt: number | null, nowMs: number): boolean {
  return expiresAt !== null && expiresAt <= nowMs;
}

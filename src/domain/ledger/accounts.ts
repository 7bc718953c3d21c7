import type { AccountKind } from './kinds.js';

/**
 * Account ids are derived from their owner (`wallet:mem_…`, `issuance:ptn_…`, `redemption:ptn_…`)
 * or fixed for the network's own (`network:promotions`, `network:breakage`), so a batch can name
 * an account without looking it up.
 */
export function accountId(kind: AccountKind, ownerId?: string): string {
  switch (kind) {
    case 'promotions':
      return 'network:promotions';
    case 'breakage':
      return 'network:breakage';
    default:
      if (ownerId === undefined) throw new TypeError(`a ${kind} account belongs to someone`);
      return `${kind}:${ownerId}`;
  }
}

export const walletAccountId = (memberId: string) => accountId('wallet', memberId);
export const issuanceAccountId = (partnerId: string) => accountId('issuance', partnerId);
export const redemptionAccountId = (partnerId: string) => accountId('redemption', partnerId);
export const PROMOTIONS_ACCOUNT_ID = accountId('promotions');
export const BREAKAGE_ACCOUNT_ID = accountId('breakage');
/**
 * The network's own accounts in the `redemption` role (a receiver of points' value): points held for
 * catalogue reservations until they are captured or released, and points converted into gift cards.
 * A new account kind would mean rebuilding the accounts table (docs/decisions.md); both are network
 * owned (`owner_id` null) and created by their migration.
 */
export const RESERVATIONS_ACCOUNT_ID = 'network:reservations';
export const GIFT_CARDS_ACCOUNT_ID = 'network:gift-cards';

/** The member a wallet account belongs to. */
export function walletOwner(walletAccountIdText: string): string {
  return walletAccountIdText.slice('wallet:'.length);
}

import { and, eq } from 'drizzle-orm';
import { findGiftCard } from '../db/gift-cards.js';
import { giftCards } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError } from '../domain/errors.js';
import {
  codeHint,
  giftCardCodeHash,
  newGiftCardCode,
  normalizeGiftCardCode,
} from '../domain/gift-cards/code.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';

export interface IssuedCode {
  readonly giftCardId: string;
  /** Shown this once; Tessera keeps only its hash. */
  readonly code: string;
  readonly codeHint: string;
}

/**
 * A new code for one of the member's cards, shown once: the code to present at a till. Asking again
 * replaces it, and the old code stops working at once (a lost or seen code is simply replaced). Only
 * the SHA-256 hash is stored; the response is never stored either, so no replay can show it again.
 */
export async function planNewCode(
  context: LedgerContext,
  memberId: string,
  giftCardId: string,
): Promise<WritePlan<IssuedCode> | DomainError<'gift_card_not_found'>> {
  const card = await findGiftCard(context.db, giftCardId);
  if (card === undefined || card.memberId !== memberId)
    return domainError('gift_card_not_found', `Gift card ${giftCardId} is not yours.`);
  const code = newGiftCardCode();
  const normalized = normalizeGiftCardCode(code) ?? '';
  const hint = codeHint(normalized);
  return {
    status: 201,
    body: { giftCardId, code, codeHint: hint },
    statements: [
      context.db
        .update(giftCards)
        .set({ codeHash: await giftCardCodeHash(normalized), codeHint: hint })
        .where(and(eq(giftCards.id, giftCardId), eq(giftCards.memberId, memberId))),
      requireChangedRow(context.db, 'gift_card_missing'),
    ],
  };
}

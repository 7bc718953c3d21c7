import { and, eq, gte, sql } from 'drizzle-orm';
import {
  findGiftCard,
  findPartnerSpend,
  type GiftCardMovementRow,
  type GiftCardRow,
} from '../db/gift-cards.js';
import { giftCardMovements, giftCards } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { isGiftCardExpired } from '../domain/gift-cards/expiry.js';
import { formatMoney } from '../domain/money.js';
import { eventDraft } from '../events/draft.js';
import { MONEY_REFUSALS, moneyFromWire, type WireMoney } from '../ledger/pricing.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { type PaymentView, paymentView } from './views.js';

export const SPEND_REFUSALS = [
  'gift_card_expired',
  'gift_card_balance_exceeded',
  'currency_mismatch',
  ...MONEY_REFUSALS,
] as const;
export const REFUND_REFUSALS = [
  'gift_card_spend_not_found',
  'refund_exceeds_spend',
  'currency_mismatch',
  ...MONEY_REFUSALS,
] as const;

const money = (amountMinor: number, currency: string) =>
  formatMoney({ amountMinor: BigInt(amountMinor), currency });

export interface SpendRequest {
  readonly amount: WireMoney;
  readonly externalReference?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

/**
 * A partner takes payment with a card: the amount, in the card's currency, comes off its balance.
 * The batch takes it only while the balance covers it (and a CHECK keeps it at zero or more), so
 * concurrent spends can never take the card below zero; one that lost the race is planned again and
 * refused on the balance it then finds. The network pays the partner what the card bought, in the
 * partner's currency at the close's FX snapshot (a money line of its statement).
 */
export async function planSpend(
  context: LedgerContext,
  partnerId: string,
  card: GiftCardRow,
  request: SpendRequest,
): Promise<WritePlan<PaymentView> | DomainError<RefusalOf<typeof SPEND_REFUSALS>>> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const current = (await findGiftCard(db, card.id)) ?? card;
  if (isGiftCardExpired(current.expiresAt, nowMs))
    return domainError('gift_card_expired', 'The gift card has expired.', {
      expiredAt: new Date(current.expiresAt ?? 0).toISOString(),
    });
  if (request.amount.currency !== current.currency)
    return domainError(
      'currency_mismatch',
      `The gift card holds ${current.currency}; charge it in ${current.currency}.`,
      {
        currency: current.currency,
      },
    );
  const amount = moneyFromWire(request.amount);
  if (isDomainError(amount)) return amount;
  const amountMinor = Number(amount.amountMinor);
  if (amountMinor > current.balanceMinor)
    return domainError(
      'gift_card_balance_exceeded',
      `The gift card holds ${money(current.balanceMinor, current.currency).amount} ${current.currency}.`,
      {
        balance: money(current.balanceMinor, current.currency),
      },
    );
  const row: GiftCardMovementRow = {
    id: ids('gcm'),
    giftCardId: current.id,
    kind: 'spend',
    partnerId,
    amountMinor,
    currency: current.currency,
    refundedMinor: 0,
    spendId: null,
    externalReference: request.externalReference ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
    createdAt: nowMs,
  };
  const balanceMinor = current.balanceMinor - amountMinor;
  return {
    status: 201,
    body: paymentView(row, balanceMinor),
    statements: [
      db
        .update(giftCards)
        .set({ balanceMinor: sql`${giftCards.balanceMinor} - ${amountMinor}` })
        .where(and(eq(giftCards.id, current.id), gte(giftCards.balanceMinor, amountMinor))),
      requireChangedRow(db, 'gift_card_balance'),
      db.insert(giftCardMovements).values(row),
    ],
    events: [
      eventDraft(
        context,
        'gift_card.spent',
        {
          giftCardId: current.id,
          spendId: row.id,
          partnerId,
          memberId: current.memberId,
          amount: money(amountMinor, current.currency),
          balance: money(balanceMinor, current.currency),
        },
        { partnerId, memberIds: [current.memberId] },
      ),
    ],
  };
}

/**
 * A partner refunds (part of) a payment it took onto the card it came from. Never more than what
 * is left of that payment, however many refunds race (guarded on the refunded total read, and a
 * CHECK besides); the network's money line for the partner goes down by as much.
 */
export async function planRefund(
  context: LedgerContext,
  partnerId: string,
  spendId: string,
  request: SpendRequest,
): Promise<WritePlan<PaymentView> | DomainError<RefusalOf<typeof REFUND_REFUSALS>>> {
  const { db, ids, clock } = context;
  const spend = await findPartnerSpend(db, partnerId, spendId);
  if (spend === undefined)
    return domainError('gift_card_spend_not_found', `Payment ${spendId} does not exist or is not yours.`);
  if (request.amount.currency !== spend.currency)
    return domainError('currency_mismatch', `The payment was in ${spend.currency}.`, {
      currency: spend.currency,
    });
  const amount = moneyFromWire(request.amount);
  if (isDomainError(amount)) return amount;
  const amountMinor = Number(amount.amountMinor);
  const remaining = spend.amountMinor - spend.refundedMinor;
  if (amountMinor > remaining)
    return domainError(
      'refund_exceeds_spend',
      `Only ${money(remaining, spend.currency).amount} ${spend.currency} of the payment is left to refund.`,
      {
        remaining: money(remaining, spend.currency),
      },
    );
  const card = await findGiftCard(db, spend.giftCardId);
  if (card === undefined) throw new Error(`gift card ${spend.giftCardId} of payment ${spend.id} is missing`);
  const row: GiftCardMovementRow = {
    id: ids('gcm'),
    giftCardId: card.id,
    kind: 'refund',
    partnerId,
    amountMinor,
    currency: spend.currency,
    refundedMinor: 0,
    spendId: spend.id,
    externalReference: request.externalReference ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
    createdAt: clock(),
  };
  const balanceMinor = card.balanceMinor + amountMinor;
  return {
    status: 201,
    body: paymentView(row, balanceMinor),
    statements: [
      db
        .update(giftCardMovements)
        .set({ refundedMinor: sql`${giftCardMovements.refundedMinor} + ${amountMinor}` })
        .where(
          and(eq(giftCardMovements.id, spend.id), eq(giftCardMovements.refundedMinor, spend.refundedMinor)),
        ),
      requireChangedRow(db, 'refund_counted'),
      db
        .update(giftCards)
        .set({ balanceMinor: sql`${giftCards.balanceMinor} + ${amountMinor}` })
        .where(eq(giftCards.id, card.id)),
      requireChangedRow(db, 'gift_card_missing'),
      db.insert(giftCardMovements).values(row),
    ],
    events: [
      eventDraft(
        context,
        'gift_card.refunded',
        {
          giftCardId: card.id,
          refundId: row.id,
          spendId: spend.id,
          partnerId,
          memberId: card.memberId,
          amount: money(amountMinor, spend.currency),
          balance: money(balanceMinor, spend.currency),
        },
        { partnerId, memberIds: [card.memberId] },
      ),
    ],
  };
}

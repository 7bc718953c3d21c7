import * as z from 'zod';
import type { BatchStatement } from '../db/database.js';
import { readEarnInputs } from '../db/earn-inputs.js';
import { insertTransactionStatement, type NewTransactionRow } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { pointsEarned } from '../domain/conversion.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import type { TierBonusDetails } from '../domain/ledger/transaction-details.js';
import { formatMoney } from '../domain/money.js';
import { rational } from '../domain/rational.js';
import { type EventDraft, eventDraft } from '../events/draft.js';
import type { WritePlan } from '../writes/plan.js';
import { type CreditedEarn, type EarnExtension, noExtension } from './extensions.js';
import { partnerFunder, planCredit } from './postings.js';
import { moneyFromWire, PRICING_REFUSALS, pricingOf, rateIn, type WireMoney } from './pricing.js';
import { planTierBonus } from './tier-bonus.js';
import { type TransactionView, transactionView } from './transaction-view.js';

export interface EarnRequest {
  readonly memberId: string;
  readonly amount: WireMoney;
  readonly lines?: readonly { readonly amount: string; readonly category?: string | undefined }[] | undefined;
  readonly externalReference?: string | undefined;
  /** Present for a hold: points are pending until captured, voided or expired. */
  readonly hold?: { readonly expiresAt?: string | undefined } | undefined;
  /** Recorded on the transaction for the partner's reconciliation. */
  readonly idempotencyKey?: string | undefined;
}

const DAY_MS = 86_400_000;
const RFC_3339_TIME = z.iso.datetime({ offset: true });

/** What an earn can be refused with. */
export const EARN_REFUSALS = [
  'member_not_found',
  'member_erased',
  'validation_failed',
  ...PRICING_REFUSALS,
] as const;

/**
 * Plans an earn at the partner's current terms and the newest FX snapshot. A posted earn
 * credits the wallet now; a hold records the pending points and credits nothing until captured.
 */
export async function planEarn(
  context: LedgerContext,
  partnerId: string,
  request: EarnRequest,
  extension: EarnExtension = noExtension,
): Promise<WritePlan<TransactionView> | DomainError<RefusalOf<typeof EARN_REFUSALS>>> {
  const { db, ids, clock, config } = context;
  const nowMs = clock();
  const inputs = await readEarnInputs(db, partnerId, request.memberId);
  if (!inputs.memberExists)
    return domainError('member_not_found', `Member ${request.memberId} does not exist.`);
  if (inputs.memberErased)
    return domainError('member_erased', `Member ${request.memberId} asked for their data to be erased.`);
  const memberId = request.memberId;
  const pricing = pricingOf(partnerId, inputs.partner);
  const total = moneyFromWire(request.amount);
  if (isDomainError(total)) return total;
  const lines = earnLines(request, total.amountMinor, pricing.terms.categoryMultipliers);
  if (isDomainError(lines)) return lines;
  const rate = rateIn(context, inputs.snapshot, total.currency);
  if (isDomainError(rate)) return rate;
  const exactPoints = pointsEarned({
    lines,
    currency: total.currency,
    fxRate: rate.rate,
    earnRate: pricing.terms.earnRate,
  });
  if (exactPoints > BigInt(config.maxPointsPerTransaction)) {
    return domainError(
      'invalid_amount',
      `The amount is too large: it would earn more than ${config.maxPointsPerTransaction} points in one transaction.`,
    );
  }
  const points = Number(exactPoints);

  const holdExpiresAt =
    request.hold === undefined ? undefined : holdExpiry(request.hold.expiresAt, nowMs, config.holdMaxDays);
  if (isDomainError(holdExpiresAt)) return holdExpiresAt;

  const transactionId = ids('txn');
  const credit =
    holdExpiresAt === undefined
      ? await planCredit(context, {
          kind: 'earn',
          memberId,
          transactionId,
          points,
          funder: partnerFunder(partnerId),
          knownDebts: inputs.owes ? undefined : [],
        })
      : { statements: [], pointsRepaid: 0 };
  const extended =
    holdExpiresAt === undefined
      ? await planEarnExtension(context, extension, {
          memberId,
          partner: pricing.partner,
          transactionId,
          points,
          cause: 'earn',
        })
      : NO_EXTENSION_PLAN;
  const row: NewTransactionRow = {
    id: transactionId,
    partnerId,
    memberId,
    kind: 'earn',
    status: holdExpiresAt === undefined ? 'posted' : 'pending',
    amountMinor: Number(total.amountMinor),
    currency: total.currency,
    fxSnapshotId: rate.snapshotId,
    fxRate: rate.rateText,
    earnRate: pricing.partner.earnRate,
    lines: request.lines === undefined ? null : JSON.stringify(request.lines),
    points,
    pointsReversed: 0,
    amountReversedMinor: 0,
    holdExpiresAt: holdExpiresAt ?? null,
    details: {
      kind: 'earn',
      pointsRepaid: credit.pointsRepaid,
      ...(extended.tierBonus === undefined ? {} : { tierBonus: extended.tierBonus }),
    },
    externalReference: request.externalReference ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
    createdAt: nowMs,
  };
  const view = transactionView(row);
  const audience = { partnerId, memberIds: [memberId], ledger: holdExpiresAt === undefined };
  const amount = formatMoney(total);
  const event =
    holdExpiresAt === undefined
      ? eventDraft(
          context,
          'transaction.earned',
          {
            transactionId,
            partnerId,
            memberId,
            points,
            pointsRepaid: credit.pointsRepaid,
            amount,
            externalReference: row.externalReference ?? null,
          },
          audience,
        )
      : eventDraft(
          context,
          'transaction.held',
          { transactionId, partnerId, memberId, points, amount, expiresAt: view.hold?.expiresAt ?? '' },
          audience,
        );
  return {
    status: 201,
    body: view,
    statements: [insertTransactionStatement(db, row), ...credit.statements, ...extended.statements],
    events: [event, ...extended.events],
  };
}

export interface ExtendedEarn {
  readonly statements: BatchStatement[];
  readonly events: EventDraft[];
  readonly tierBonus: TierBonusDetails | undefined;
}

export const NO_EXTENSION_PLAN: ExtendedEarn = { statements: [], events: [], tierBonus: undefined };

/** What the extension adds to a credited earn (or capture), with the tier bonus it decides credited. */
export async function planEarnExtension(
  context: LedgerContext,
  extension: EarnExtension,
  earn: CreditedEarn,
): Promise<ExtendedEarn> {
  const extended = await extension.credited(context, earn);
  if (extended.tierBonus === null || extended.tierBonus.points <= 0)
    return { statements: extended.statements, events: extended.events, tierBonus: undefined };
  const bonus = await planTierBonus(
    context,
    { memberId: earn.memberId, partnerId: earn.partner.id, earnTransactionId: earn.transactionId },
    extended.tierBonus,
  );
  return {
    statements: [...bonus.statements, ...extended.statements],
    events: [...bonus.events, ...extended.events],
    tierBonus: bonus.details,
  };
}

function earnLines(
  request: EarnRequest,
  totalMinor: bigint,
  multipliers: ReadonlyMap<string, ReturnType<typeof rational>>,
) {
  if (request.lines === undefined || request.lines.length === 0)
    return [{ amountMinor: totalMinor, multiplier: rational(1n) }];
  const lines = [];
  let sumMinor = 0n;
  for (const [index, line] of request.lines.entries()) {
    const amount = moneyFromWire(
      { amount: line.amount, currency: request.amount.currency },
      { allowZero: true },
    );
    if (isDomainError(amount))
      return domainError(amount.code, `lines[${index}]: ${amount.detail}`, amount.extensions);
    sumMinor += amount.amountMinor;
    lines.push({
      amountMinor: amount.amountMinor,
      multiplier: (line.category === undefined ? undefined : multipliers.get(line.category)) ?? rational(1n),
    });
  }
  if (sumMinor !== totalMinor) {
    return domainError(
      'invalid_amount',
      `The line items add up to ${sumMinor} minor units but the amount is ${totalMinor}.`,
    );
  }
  return lines;
}

function holdExpiry(
  expiresAt: string | undefined,
  nowMs: number,
  maxDays: number,
): number | DomainError<'validation_failed'> {
  const latest = nowMs + maxDays * DAY_MS;
  if (expiresAt === undefined) return Math.min(nowMs + 30 * DAY_MS, latest);
  // Date.parse alone takes local times, bare dates and 30 February (as 2 March).
  const parsed = RFC_3339_TIME.safeParse(expiresAt).success ? Date.parse(expiresAt) : Number.NaN;
  if (Number.isNaN(parsed))
    return domainError('validation_failed', `hold.expiresAt "${expiresAt}" is not an RFC 3339 time.`);
  if (parsed <= nowMs) return domainError('validation_failed', 'hold.expiresAt must be in the future.');
  if (parsed > latest) return domainError('validation_failed', `A hold may last at most ${maxDays} days.`);
  return parsed;
}

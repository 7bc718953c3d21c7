import { and, eq } from 'drizzle-orm';
import type { AuditHook } from '../db/audit.js';
import { type CatalogueItemRow, findItem } from '../db/catalogue.js';
import { catalogueItems } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import type { Eligibility } from '../domain/catalogue/eligibility.js';
import { formatDecimal } from '../domain/decimal.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { moneyToRational } from '../domain/money.js';
import { eventDraft } from '../events/draft.js';
import { MONEY_REFUSALS, moneyFromWire, type WireMoney } from '../ledger/pricing.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { type ItemView, itemView } from './views.js';

/** Who offers an item: a partner that fulfils it, or the network itself. */
export type Offerer = { readonly type: 'partner'; readonly partnerId: string } | { readonly type: 'network' };

export interface ItemInput {
  readonly kind: CatalogueItemRow['kind'];
  readonly title: string;
  readonly description: string;
  readonly place?: string | null | undefined;
  readonly startsAt?: number | null | undefined;
  readonly stock: number;
  readonly pointsPrice: number;
  readonly settlementPrice: WireMoney;
  readonly availableFrom: number;
  readonly availableUntil: number;
  readonly eligibility: Eligibility;
}

export const ITEM_REFUSALS = ['validation_failed', 'currency_mismatch', ...MONEY_REFUSALS] as const;
export const ITEM_UPDATE_REFUSALS = [...ITEM_REFUSALS, 'item_not_found', 'stock_below_reserved'] as const;
export const ITEM_REVIEW_REFUSALS = ['item_not_found', 'item_not_pending'] as const;

/** The settlement price as the exact decimal stored (major units of the reference currency). */
function settlementPriceText(
  context: LedgerContext,
  price: WireMoney,
): string | DomainError<RefusalOf<typeof ITEM_REFUSALS>> {
  if (price.currency !== context.config.referenceCurrency)
    return domainError(
      'currency_mismatch',
      `A settlement price is in the reference currency, ${context.config.referenceCurrency}.`,
    );
  const money = moneyFromWire(price, { allowZero: true });
  if (isDomainError(money)) return money;
  return formatDecimal(moneyToRational(money), price.amount.split('.')[1]?.length ?? 0);
}

function checkInput(input: ItemInput): DomainError<'validation_failed'> | undefined {
  if (input.availableFrom >= input.availableUntil)
    return domainError('validation_failed', '"availableFrom" must be before "availableUntil".');
  if (input.kind === 'experience' && (input.startsAt === undefined || input.startsAt === null))
    return domainError('validation_failed', 'An experience has a date: give "startsAt".');
  return undefined;
}

/**
 * A new item. A partner's waits for the operator's approval before members see it; the network's
 * own is approved as it is created (the operator creates it).
 */
export async function planCreateItem(
  context: LedgerContext,
  offerer: Offerer,
  input: ItemInput,
  audit?: AuditHook,
): Promise<WritePlan<ItemView> | DomainError<RefusalOf<typeof ITEM_REFUSALS>>> {
  const invalid = checkInput(input);
  if (invalid) return invalid;
  const price = settlementPriceText(context, input.settlementPrice);
  if (isDomainError(price)) return price;
  const nowMs = context.clock();
  const row: CatalogueItemRow = {
    id: context.ids('itm'),
    fulfillerPartnerId: offerer.type === 'partner' ? offerer.partnerId : null,
    kind: input.kind,
    title: input.title,
    description: input.description,
    place: input.place ?? null,
    startsAt: input.startsAt ?? null,
    stock: input.stock,
    reserved: 0,
    pointsPrice: input.pointsPrice,
    settlementPrice: price,
    availableFrom: input.availableFrom,
    availableUntil: input.availableUntil,
    eligibility: input.eligibility,
    status: offerer.type === 'network' ? 'approved' : 'pending',
    reviewNote: null,
    reviewedAt: offerer.type === 'network' ? nowMs : null,
    createdAt: nowMs,
    updatedAt: nowMs,
  };
  return {
    status: 201,
    body: itemView(row, context.config.referenceCurrency),
    statements: [
      context.db.insert(catalogueItems).values(row),
      ...(audit?.(row.id, { title: row.title, pointsPrice: row.pointsPrice, settlementPrice: price }) ?? []),
    ],
    events: [],
  };
}

export type ItemChange = Partial<ItemInput> & { readonly withdraw?: boolean | undefined };

/**
 * A partner changes its own item. What members would see differently waits for the operator again
 * (`pending`); withdrawing takes it out of the catalogue. Reservations already made keep their
 * price. The row is guarded on the version read, and the stock on what is reserved (CHECK).
 */
export async function planUpdateItem(
  context: LedgerContext,
  offerer: Offerer,
  itemId: string,
  change: ItemChange,
): Promise<WritePlan<ItemView> | DomainError<RefusalOf<typeof ITEM_UPDATE_REFUSALS>>> {
  const item = await findItem(context.db, itemId);
  const owner = offerer.type === 'partner' ? offerer.partnerId : null;
  if (item === undefined || item.fulfillerPartnerId !== owner)
    return domainError('item_not_found', `Item ${itemId} does not exist or is not yours.`);
  const { withdraw, settlementPrice, ...fields } = change;
  const merged: ItemInput = {
    ...item,
    ...definedOnly(fields),
    settlementPrice: { amount: '0', currency: '' },
  };
  const invalid = checkInput(merged);
  if (invalid) return invalid;
  let priceText = item.settlementPrice;
  if (settlementPrice !== undefined) {
    const parsed = settlementPriceText(context, settlementPrice);
    if (isDomainError(parsed)) return parsed;
    priceText = parsed;
  }
  if (merged.stock < item.reserved)
    return domainError(
      'stock_below_reserved',
      `${item.reserved} are reserved already; the stock cannot go below that.`,
      { reserved: item.reserved },
    );
  const nowMs = context.clock();
  const status: CatalogueItemRow['status'] =
    withdraw === true ? 'withdrawn' : offerer.type === 'network' ? 'approved' : 'pending';
  const updated: CatalogueItemRow = {
    ...item,
    ...definedOnly(fields),
    settlementPrice: priceText,
    status,
    reviewNote: status === 'pending' ? null : item.reviewNote,
    updatedAt: nowMs,
  };
  const { id: _id, reserved: _reserved, createdAt: _createdAt, ...set } = updated;
  return {
    status: 200,
    body: itemView(updated, context.config.referenceCurrency),
    statements: [
      context.db
        .update(catalogueItems)
        .set(set)
        .where(and(eq(catalogueItems.id, itemId), eq(catalogueItems.updatedAt, item.updatedAt))),
      requireChangedRow(context.db, 'item_changed'),
    ],
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/** The operator approves an item (members see it from then on) or rejects it with a note. */
export async function planReviewItem(
  context: LedgerContext,
  itemId: string,
  decision: { readonly decision: 'approve' | 'reject'; readonly note?: string | undefined },
  audit?: AuditHook,
): Promise<WritePlan<ItemView> | DomainError<RefusalOf<typeof ITEM_REVIEW_REFUSALS>>> {
  const item = await findItem(context.db, itemId);
  if (item === undefined) return domainError('item_not_found', `Item ${itemId} does not exist.`);
  if (item.status !== 'pending')
    return domainError('item_not_pending', `Item ${itemId} is ${item.status}, not waiting for review.`, {
      itemStatus: item.status,
    });
  const nowMs = context.clock();
  const status = decision.decision === 'approve' ? 'approved' : 'rejected';
  const updated: CatalogueItemRow = {
    ...item,
    status,
    reviewNote: decision.note ?? null,
    reviewedAt: nowMs,
    updatedAt: nowMs,
  };
  return {
    status: 200,
    body: itemView(updated, context.config.referenceCurrency),
    statements: [
      context.db
        .update(catalogueItems)
        .set({ status, reviewNote: updated.reviewNote, reviewedAt: nowMs, updatedAt: nowMs })
        .where(and(eq(catalogueItems.id, itemId), eq(catalogueItems.status, 'pending'))),
      requireChangedRow(context.db, 'item_reviewed'),
      ...(audit?.(itemId, { decision: decision.decision, note: decision.note ?? null }) ?? []),
    ],
    events:
      item.fulfillerPartnerId === null
        ? []
        : [
            eventDraft(
              context,
              'catalogue_item.reviewed',
              { itemId, partnerId: item.fulfillerPartnerId, decision: status },
              { partnerId: item.fulfillerPartnerId },
            ),
          ],
  };
}

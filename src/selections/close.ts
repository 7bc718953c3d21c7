import { and, eq, isNull } from 'drizzle-orm';
import { liveSelectionReservations, memberHome } from '../db/catalogue.js';
import type { BatchStatement } from '../db/database.js';
import { findFxSnapshot, latestFxSnapshot } from '../db/fx.js';
import { readMemberLots } from '../db/ledger.js';
import { giftCardMovements, giftCards, selectionMembers, selections } from '../db/schema/index.js';
import { findSelection, outcomeCounts, type SelectionRow, undecidedMembers } from '../db/selections.js';
import { insertTransactionStatement } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { decideOutcome } from '../domain/catalogue/selection.js';
import { payoutForPoints } from '../domain/conversion.js';
import { isDecimalError, parseDecimal } from '../domain/decimal.js';
import { type DomainError, domainError, isDomainError } from '../domain/errors.js';
import type { FxSnapshot } from '../domain/fx.js';
import { giftCardExpiresAt } from '../domain/gift-cards/expiry.js';
import { GIFT_CARDS_ACCOUNT_ID, walletAccountId } from '../domain/ledger/accounts.js';
import { drawFromLots, spendableLots, sumPoints } from '../domain/ledger/lots.js';
import { formatMoney } from '../domain/money.js';
import { storedDecimal } from '../domain/settlement/amounts.js';
import { type EventDraft, eventDraft } from '../events/draft.js';
import { planLotMovement } from '../ledger/postings.js';
import { rateIn } from '../ledger/pricing.js';
import { requireChangedRow, WriteConflict } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { runWrite } from '../writes/run.js';
import { type SelectionView, selectionView } from './views.js';

export const CLOSE_REFUSALS = [
  'selection_not_found',
  'selection_still_open',
  'fx_rate_missing',
  'fx_rate_stale',
  'write_conflict',
] as const;
type CloseRefusal = DomainError<(typeof CLOSE_REFUSALS)[number]>;

export interface CloseOptions {
  /** Stop after this many batches (a request's share of a large close); the next call goes on. */
  readonly maxBatches?: number | undefined;
}

/**
 * Closes a yearly choice once its window has ended. Every member of the cohort gets exactly one
 * outcome: they chose (a reservation held or fulfilled in this choice), or they receive a gift card
 * worth the configured share of their own wallet's points, converted at the network's point value
 * into their home currency, or — with no points to convert — nothing. The close starts by fixing the
 * FX snapshot it converts at, then decides the cohort a batch at a time, each member guarded on having
 * no outcome yet; it ends by marking the choice closed. Run it twice, at once, or again after a crash
 * between (or inside) batches: every member still has exactly one outcome, and the same one.
 */
export async function closeSelection(
  context: LedgerContext,
  selectionId: string,
  options: CloseOptions = {},
): Promise<SelectionView | CloseRefusal> {
  const selection = await findSelection(context.db, selectionId);
  if (selection === undefined)
    return domainError('selection_not_found', `Yearly choice ${selectionId} does not exist.`);
  if (selection.status === 'open') {
    if (context.clock() < selection.closesAt)
      return domainError(
        'selection_still_open',
        `Yearly choice ${selectionId} closes at ${new Date(selection.closesAt).toISOString()}.`,
        { closesAt: new Date(selection.closesAt).toISOString() },
      );
    const started = await startClose(context, selection);
    if (isDomainError(started)) return started;
  }
  const closing = await findSelection(context.db, selectionId);
  if (closing?.status === 'closing') {
    const snapshot = await findFxSnapshot(context.db, closing.fxSnapshotId ?? '');
    if (snapshot === undefined) throw new Error(`yearly choice ${selectionId} names no FX snapshot`);
    const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
    let lostInARow = 0;
    for (let batch = 0; ; batch += 1) {
      if (batch >= maxBatches) break;
      const decided = await write(context, () => planCloseBatch(context, closing, snapshot));
      if (isDomainError(decided)) {
        // Another close decided these members first, every time this write planned again: closes
        // running at once plan the same next batch, and a group commit can order them alike each
        // time. The other close made progress, so this one goes on with the members left.
        lostInARow += 1;
        if (lostInARow > MAX_BATCHES_LOST_IN_A_ROW) return decided;
        continue;
      }
      lostInARow = 0;
      if (decided.decided > 0) continue;
      const finished = await write(context, () => planFinish(context, closing));
      if (isDomainError(finished)) {
        // A batch of another close was still deciding members: go back to the batches.
        lostInARow += 1;
        if (lostInARow > MAX_BATCHES_LOST_IN_A_ROW) return finished;
        continue;
      }
      break;
    }
  }
  const now = await findSelection(context.db, selectionId);
  if (now === undefined) throw new Error(`yearly choice ${selectionId} vanished`);
  return selectionView(now, await outcomeCounts(context.db, selectionId));
}

/** Batches a close may lose in a row to another close before it answers write_conflict. */
const MAX_BATCHES_LOST_IN_A_ROW = 16;

/** One write of the close; only a lost race, again and again, can refuse it. */
async function write<T>(
  context: LedgerContext,
  plan: () => Promise<WritePlan<T>>,
): Promise<T | DomainError<'write_conflict'>> {
  const outcome = await runWrite<T, never>(
    context.db,
    { retryLimit: context.config.writeRetryLimit, nowMs: context.clock() },
    plan,
  );
  if ('replayed' in outcome) return outcome.body;
  return domainError('write_conflict', outcome.detail);
}

/**
 * Fixes the FX snapshot the whole close converts at: the newest, fresh, with a rate for every home
 * currency in the cohort (a missing or stale rate refuses the close before anything changes).
 */
async function startClose(
  context: LedgerContext,
  selection: SelectionRow,
): Promise<undefined | CloseRefusal> {
  const snapshot = await latestFxSnapshot(context.db);
  const currencies = new Set<string>();
  for (const member of await undecidedMembers(context.db, selection.id, Number.MAX_SAFE_INTEGER)) {
    const home = await memberHome(context.db, member.memberId);
    if (home !== undefined) currencies.add(home.currency);
  }
  for (const currency of currencies) {
    const rate = rateIn(context, snapshot, currency);
    if (isDomainError(rate)) return rate;
  }
  if (snapshot === undefined) return domainError('fx_rate_missing', 'No FX snapshot has been published.');
  const started = await write(context, async () => ({
    status: 200 as const,
    body: null,
    statements: [
      context.db
        .update(selections)
        .set({ status: 'closing', fxSnapshotId: snapshot.id })
        .where(and(eq(selections.id, selection.id), eq(selections.status, 'open'))),
    ],
  }));
  return isDomainError(started) ? started : undefined;
}

function rateOf(snapshot: FxSnapshot, currency: string) {
  if (currency === snapshot.referenceCurrency) return { rate: storedDecimal('1', 'rate'), text: '1' };
  const text = snapshot.rates[currency];
  if (text === undefined) throw new Error(`FX snapshot ${snapshot.id} has no rate for ${currency}`);
  return { rate: storedDecimal(text, `rate ${currency}`), text };
}

/** One batch of the cohort, each member's one outcome guarded on having none yet. */
async function planCloseBatch(
  context: LedgerContext,
  selection: SelectionRow,
  snapshot: FxSnapshot,
): Promise<WritePlan<{ decided: number }>> {
  const { db, ids, clock, config } = context;
  const nowMs = clock();
  const members = await undecidedMembers(db, selection.id, config.selectionCloseBatch);
  const live = await liveSelectionReservations(
    db,
    selection.id,
    members.map((member) => member.memberId),
  );
  const share = parseDecimal(selection.giftCardShare);
  if (isDecimalError(share)) throw new Error(`yearly choice ${selection.id} has an unreadable share`);
  const statements: BatchStatement[] = [];
  const events: EventDraft[] = [];
  for (const { memberId } of members) {
    const lots = spendableLots(await readMemberLots(db, memberId), nowMs);
    const decided = decideOutcome({
      liveReservations: live.get(memberId) ?? 0,
      walletPoints: sumPoints(lots),
      share,
    });
    let outcome = decided.outcome;
    let giftCardId: string | null = null;
    if (outcome === 'gift_card') {
      const home = await memberHome(db, memberId);
      const currency = home?.currency ?? config.referenceCurrency;
      const { rate } = rateOf(snapshot, currency);
      const amountMinor = payoutForPoints({
        points: BigInt(decided.points),
        pointValue: config.pointValue,
        fxRate: rate,
        currency,
      });
      if (amountMinor === 0n) outcome = 'nothing';
      else {
        giftCardId = ids('gft');
        const issued = issueGiftCard(context, {
          selection,
          memberId,
          giftCardId,
          points: decided.points,
          lots: drawFromLots(lots, decided.points) ?? [],
          currency,
          amountMinor,
        });
        statements.push(...issued.statements);
        events.push(issued.event);
      }
    }
    statements.push(
      db
        .update(selectionMembers)
        .set({
          outcome,
          giftCardId,
          pointsConverted: outcome === 'gift_card' ? decided.points : null,
          decidedAt: nowMs,
        })
        .where(
          and(
            eq(selectionMembers.selectionId, selection.id),
            eq(selectionMembers.memberId, memberId),
            isNull(selectionMembers.outcome),
          ),
        ),
      requireChangedRow(db, 'outcome_decided'),
    );
  }
  return { status: 200, body: { decided: members.length }, statements, events };
}

/**
 * A gift card from a member's points: they leave the wallet, first-expiring-first, as a redemption
 * by the network priced at its point value, and the card holds their value in the member's currency.
 */
function issueGiftCard(
  context: LedgerContext,
  input: {
    selection: SelectionRow;
    memberId: string;
    giftCardId: string;
    points: number;
    lots: ReturnType<typeof drawFromLots> & object;
    currency: string;
    amountMinor: bigint;
  },
): { statements: BatchStatement[]; event: EventDraft } {
  const { db, ids, clock, config } = context;
  const nowMs = clock();
  const transactionId = ids('txn');
  const expiresAt = giftCardExpiresAt(nowMs, config.giftCardExpiryMonths);
  const amountMinor = Number(input.amountMinor);
  const statements: BatchStatement[] = [
    insertTransactionStatement(db, {
      id: transactionId,
      partnerId: null,
      memberId: input.memberId,
      kind: 'gift_card',
      status: 'posted',
      amountMinor,
      currency: input.currency,
      points: input.points,
      details: {
        kind: 'gift_card',
        giftCardId: input.giftCardId,
        selectionId: input.selection.id,
        amountMinor: String(amountMinor),
        currency: input.currency,
      },
      createdAt: nowMs,
    }),
    ...planLotMovement(context, {
      kind: 'gift_card_funding',
      transactionId,
      debitAccountId: walletAccountId(input.memberId),
      creditAccountId: GIFT_CARDS_ACCOUNT_ID,
      partnerId: null,
      lots: input.lots,
      unitPrice: config.pointValueText,
    }),
    db.insert(giftCards).values({
      id: input.giftCardId,
      memberId: input.memberId,
      currency: input.currency,
      issuedMinor: amountMinor,
      balanceMinor: amountMinor,
      codeHash: null,
      codeHint: null,
      selectionId: input.selection.id,
      transactionId,
      points: input.points,
      expiresAt,
      createdAt: nowMs,
    }),
    db.insert(giftCardMovements).values({
      id: ids('gcm'),
      giftCardId: input.giftCardId,
      kind: 'issue',
      partnerId: null,
      amountMinor,
      currency: input.currency,
      createdAt: nowMs,
    }),
  ];
  const event = eventDraft(
    context,
    'gift_card.issued',
    {
      giftCardId: input.giftCardId,
      memberId: input.memberId,
      selectionId: input.selection.id,
      transactionId,
      points: input.points,
      amount: formatMoney({ amountMinor: input.amountMinor, currency: input.currency }),
      expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
    },
    { memberIds: [input.memberId], ledger: true },
  );
  return { statements, event };
}

/** Marks the choice closed once no member is left undecided, and tells the operator the counts. */
async function planFinish(context: LedgerContext, selection: SelectionRow): Promise<WritePlan<null>> {
  // Another close finished it first: nothing is left to write.
  if ((await findSelection(context.db, selection.id))?.status === 'closed')
    return { status: 200, body: null, statements: [] };
  const counts = await outcomeCounts(context.db, selection.id);
  if ((counts.undecided ?? 0) > 0) throw new WriteConflict('members were left undecided');
  return {
    status: 200,
    body: null,
    statements: [
      context.db
        .update(selections)
        .set({ status: 'closed', closedAt: context.clock() })
        .where(and(eq(selections.id, selection.id), eq(selections.status, 'closing'))),
      requireChangedRow(context.db, 'selection_closed'),
    ],
    events: [
      eventDraft(context, 'selection.closed', {
        selectionId: selection.id,
        members: Object.values(counts).reduce((total, count) => total + count, 0),
        chose: counts.chose ?? 0,
        giftCards: counts.gift_card ?? 0,
        nothing: counts.nothing ?? 0,
      }),
    ],
  };
}

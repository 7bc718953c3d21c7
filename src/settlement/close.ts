import { type AuditHook, noAudit } from '../db/audit.js';
import { findFxSnapshot, latestFxSnapshot } from '../db/fx.js';
import { type CloseSnapshot, readCloseSnapshot } from '../db/settlement-totals.js';
import { closeStatements, findSettlement, type SettlementRow } from '../db/settlements.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { type FxSnapshot, rateFor } from '../domain/fx.js';
import { wireAmount } from '../domain/settlement/amounts.js';
import { canonicalJson } from '../domain/settlement/canonical-json.js';
import { buildSettlementDocument, buildStatements } from '../domain/settlement/settlement.js';
import type { SettlementInput } from '../domain/settlement/statement.js';
import {
  moneyMoved,
  NO_TOTALS,
  parseTotals,
  periodTotals,
  serializeTotals,
} from '../domain/settlement/totals.js';
import { eventDraft } from '../events/draft.js';
import type { WritePlan } from '../writes/plan.js';
import { runWrite } from '../writes/run.js';
import { documentDigest, SETTLEMENT_JWS_TYPE, STATEMENT_JWS_TYPE, signDocument } from './signature.js';

const encoder = new TextEncoder();

export type SettlementContext = Pick<AppDependencies, 'db' | 'config' | 'clock' | 'ids' | 'networkKeys'>;

/** The settlement a close answers with: 201 when it created it, 200 when nothing was left to settle. */
export interface Closed {
  readonly settlementId: string;
}

/** What a close can be refused with. */
export const CLOSE_REFUSALS = ['fx_snapshot_not_found', 'fx_rate_missing', 'fx_rate_stale'] as const;

/**
 * Plans the close of the open period: every transfer above the previous close up to the newest
 * one, plus the adjustments accepted since. Reads O(partners + pairs) rows, never the period's
 * transfers. A close that finds nothing new answers the newest settlement and writes nothing; a
 * close that loses a race to another (unique number and start sequence) is planned again and
 * then answers what the winner settled.
 */
export async function planClose(
  context: SettlementContext,
  request: { fxSnapshotId?: string | undefined },
  audit: AuditHook = noAudit,
): Promise<WritePlan<Closed> | DomainError<RefusalOf<typeof CLOSE_REFUSALS>>> {
  const snapshot = await readCloseSnapshot(context.db);
  const latest = snapshot.latest;
  if (
    latest !== undefined &&
    latest.toSequence === snapshot.sequence &&
    snapshot.adjustments.length === 0 &&
    !moneyMoved(snapshot.totals, parseTotals(latest.cumulative))
  ) {
    return { status: 200, body: { settlementId: latest.id }, statements: [] };
  }
  const fx = await closingSnapshot(context, request.fxSnapshotId);
  if (isDomainError(fx)) return fx;
  const prepared = await prepareSettlement(context, snapshot, fx, request.fxSnapshotId !== undefined);
  if (isDomainError(prepared)) return prepared;
  const { id, number, fromSequence, toSequence, fxSnapshotId } = prepared.settlement;
  return {
    status: 201,
    body: { settlementId: id },
    statements: [
      ...closeStatements(
        context.db,
        prepared.settlement,
        prepared.statements,
        snapshot.adjustments.map((adjustment) => adjustment.id),
      ),
      ...audit(id, { number, fromSequence, toSequence, fxSnapshotId }),
    ],
    events: [
      eventDraft(context, 'settlement.closed', { settlementId: id, number, fromSequence, toSequence }),
      ...prepared.statements.map((statement) =>
        eventDraft(
          context,
          'statement.available',
          {
            settlementId: id,
            partnerId: statement.partnerId,
            net: wireAmount(BigInt(statement.netMinor), statement.currency),
            direction:
              statement.netMinor > 0
                ? 'partner_pays'
                : statement.netMinor < 0
                  ? 'network_pays'
                  : 'nothing_due',
          },
          { partnerId: statement.partnerId },
        ),
      ),
    ],
  };
}

/** Closes the open period through the write runner (the CLI's `settle`). */
export async function closePeriod(
  context: SettlementContext,
  request: { fxSnapshotId?: string | undefined },
): Promise<{ status: 200 | 201; settlement: SettlementRow } | DomainError> {
  const outcome = await runWrite(
    context.db,
    { retryLimit: context.config.writeRetryLimit, nowMs: context.clock() },
    () => planClose(context, request),
  );
  if (isDomainError(outcome)) return outcome;
  const settlement = await findSettlement(context.db, outcome.body.settlementId);
  if (settlement === undefined)
    throw new Error(`settlement ${outcome.body.settlementId} was not found after its close`);
  return { status: outcome.status, settlement };
}

async function closingSnapshot(
  context: SettlementContext,
  fxSnapshotId: string | undefined,
): Promise<FxSnapshot | DomainError<'fx_snapshot_not_found' | 'fx_rate_missing'>> {
  const fx =
    fxSnapshotId === undefined
      ? await latestFxSnapshot(context.db)
      : await findFxSnapshot(context.db, fxSnapshotId);
  if (fx === undefined) {
    return domainError(
      'fx_snapshot_not_found',
      fxSnapshotId === undefined
        ? 'No FX snapshot has been published; publish one before closing.'
        : `There is no FX snapshot ${fxSnapshotId}.`,
    );
  }
  if (fx.referenceCurrency !== context.config.referenceCurrency) {
    return domainError(
      'fx_rate_missing',
      `FX snapshot ${fx.id} is quoted in ${fx.referenceCurrency}, not the reference currency ${context.config.referenceCurrency}.`,
    );
  }
  return fx;
}

/** Computes and signs everything the close will store; pure computation apart from the signatures. */
async function prepareSettlement(
  context: SettlementContext,
  snapshot: CloseSnapshot,
  fx: FxSnapshot,
  chosenSnapshot: boolean,
) {
  const { config, clock, ids, networkKeys } = context;
  const nowMs = clock();
  const rates: Record<string, string> = {};
  const previous = snapshot.latest;
  const period = periodTotals(
    snapshot.totals,
    previous === undefined ? NO_TOTALS : parseTotals(previous.cumulative),
  );
  // Partners are paid in their settlement currency; what gift cards bought converts from theirs.
  const currencies = new Set([
    ...snapshot.partners.map((partner) => partner.settlementCurrency),
    ...(period.money ?? []).map((row) => row.currency),
  ]);
  for (const currency of [...currencies].sort()) {
    if (currency === config.referenceCurrency) continue;
    // A snapshot the operator names is used as it is; the default (the newest) must be fresh.
    const found = rateFor(fx, currency, {
      nowMs,
      maxAgeHours: chosenSnapshot ? Number.POSITIVE_INFINITY : config.fxMaxAgeHours,
    });
    if (isDomainError(found)) return found;
    rates[currency] = found.rateText;
  }
  const input: SettlementInput = {
    issuer: config.tokenIssuer,
    settlementId: ids('stl'),
    number: (previous?.number ?? 0) + 1,
    period: {
      previousSettlementId: previous?.id ?? null,
      fromSequence: previous?.toSequence ?? 0,
      toSequence: snapshot.sequence,
      closedAt: new Date(nowMs).toISOString(),
    },
    referenceCurrency: config.referenceCurrency,
    pointValue: config.pointValueText,
    fx: { snapshotId: fx.id, asOf: new Date(fx.asOfMs).toISOString(), rates },
    partners: snapshot.partners,
    periodTotals: period,
    cumulativeTotals: snapshot.totals,
    adjustments: snapshot.adjustments,
  };
  const built = buildStatements(input);
  const digests = new Map<string, string>();
  const statements = [];
  for (const statement of built) {
    const document = canonicalJson(statement.document);
    const bytes = encoder.encode(document);
    digests.set(statement.partnerId, await documentDigest(bytes));
    statements.push({
      settlementId: input.settlementId,
      partnerId: statement.partnerId,
      currency: statement.currency,
      netMinor: Number(statement.netMinor),
      document,
      signature: await signDocument(networkKeys, STATEMENT_JWS_TYPE, bytes),
      acknowledgedAt: null,
    });
  }
  const document = canonicalJson(buildSettlementDocument(input, built, digests));
  const settlement: SettlementRow = {
    id: input.settlementId,
    number: input.number,
    previousSettlementId: input.period.previousSettlementId,
    fromSequence: input.period.fromSequence,
    toSequence: input.period.toSequence,
    fxSnapshotId: fx.id,
    closedAt: nowMs,
    cumulative: serializeTotals(snapshot.totals),
    document,
    signature: await signDocument(networkKeys, SETTLEMENT_JWS_TYPE, encoder.encode(document)),
  };
  return { settlement, statements };
}

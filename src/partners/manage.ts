import { and, eq } from 'drizzle-orm';
import { acceptPartnerPublicKey } from '../auth/partner-keys.js';
import { type AuditHook, noAudit } from '../db/audit.js';
import {
  findPartnerKeyRow,
  insertPartnerKeyStatement,
  type PartnerKeyRow,
  removePartnerKeyStatement,
} from '../db/partner-keys.js';
import {
  findPartner,
  insertPartnerStatements,
  type PartnerChanges,
  type PartnerRow,
} from '../db/partners.js';
import { partners } from '../db/schema/index.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import {
  checkQualifyingRule,
  checkSettlementCurrency,
  type PartnerTerms,
  parseTerms,
} from '../domain/partners.js';
import { eventDraft } from '../events/draft.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';

type Context = Pick<AppDependencies, 'db' | 'ids' | 'clock'>;

export interface OnboardRequest extends PartnerTerms {
  /** Qualifying credits per point earned; 1 when absent. */
  readonly qualifyingCreditsPerPoint?: string | undefined;
  readonly name: string;
  readonly sector: string;
  readonly country: string;
  readonly settlementCurrency: string;
}

/** What onboarding a partner can be refused with. */
export const ONBOARD_REFUSALS = ['unknown_currency', 'invalid_amount'] as const;

/** Onboards a partner with its terms, and its issuance and redemption accounts. */
export async function planOnboard(
  context: Context,
  request: OnboardRequest,
  audit: AuditHook = noAudit,
): Promise<WritePlan<PartnerRow> | DomainError<RefusalOf<typeof ONBOARD_REFUSALS>>> {
  const currencyError = checkSettlementCurrency(request.settlementCurrency);
  if (currencyError) return currencyError;
  const terms = parseTerms(request);
  if (isDomainError(terms)) return terms;
  const qualifyingCreditsPerPoint = request.qualifyingCreditsPerPoint ?? '1';
  const ruleError = checkQualifyingRule(qualifyingCreditsPerPoint);
  if (ruleError) return ruleError;
  const now = context.clock();
  const row: PartnerRow = {
    id: context.ids('ptn'),
    name: request.name,
    sector: request.sector,
    country: request.country,
    settlementCurrency: request.settlementCurrency,
    earnRate: request.earnRate,
    issuePrice: request.issuePrice,
    redeemRate: request.redeemRate,
    categoryMultipliers: JSON.stringify(request.categoryMultipliers),
    qualifyingCreditsPerPoint,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  const { id, updatedAt: _updatedAt, createdAt: _createdAt, status: _status, ...summary } = row;
  return {
    status: 201,
    body: row,
    statements: [
      ...insertPartnerStatements(context.db, row),
      ...audit(id, { ...summary, categoryMultipliers: request.categoryMultipliers }),
    ],
  };
}

export interface PartnerUpdate extends Partial<PartnerTerms> {
  readonly qualifyingCreditsPerPoint?: string | undefined;
  readonly name?: string | undefined;
  readonly status?: 'active' | 'suspended' | undefined;
}

/** What changing a partner can be refused with. */
export const UPDATE_PARTNER_REFUSALS = ['partner_not_found', 'invalid_amount'] as const;

/**
 * Changes the given fields of a partner. The terms are checked as a whole, as onboarding checks
 * them; the change is guarded on the row being the one read, so two operators changing different
 * fields at once both keep their change (the second is planned again on top of the first).
 */
export async function planUpdatePartner(
  context: Context,
  partnerId: string,
  update: PartnerUpdate,
  audit: AuditHook = noAudit,
): Promise<WritePlan<PartnerRow> | DomainError<RefusalOf<typeof UPDATE_PARTNER_REFUSALS>>> {
  const current = await findPartner(context.db, partnerId);
  if (current === undefined) return domainError('partner_not_found', `There is no partner ${partnerId}.`);
  const terms = parseTerms({
    earnRate: update.earnRate ?? current.earnRate,
    issuePrice: update.issuePrice ?? current.issuePrice,
    redeemRate: update.redeemRate ?? current.redeemRate,
    categoryMultipliers:
      update.categoryMultipliers ?? (JSON.parse(current.categoryMultipliers) as Record<string, string>),
  });
  if (isDomainError(terms)) return terms;
  const ruleError =
    update.qualifyingCreditsPerPoint === undefined
      ? undefined
      : checkQualifyingRule(update.qualifyingCreditsPerPoint);
  if (ruleError) return ruleError;
  const changes: PartnerChanges = Object.fromEntries(
    Object.entries({
      name: update.name,
      earnRate: update.earnRate,
      issuePrice: update.issuePrice,
      redeemRate: update.redeemRate,
      categoryMultipliers:
        update.categoryMultipliers === undefined ? undefined : JSON.stringify(update.categoryMultipliers),
      qualifyingCreditsPerPoint: update.qualifyingCreditsPerPoint,
      status: update.status,
    }).filter(([, value]) => value !== undefined),
  );
  const updatedAt = Math.max(context.clock(), current.updatedAt);
  const action =
    update.status === 'suspended'
      ? 'partner.suspend'
      : update.status === 'active'
        ? 'partner.reactivate'
        : 'partner.update';
  const { db } = context;
  return {
    status: 200,
    body: { ...current, ...changes, updatedAt },
    statements: [
      db
        .update(partners)
        .set({ ...changes, updatedAt })
        .where(and(eq(partners.id, partnerId), eq(partners.updatedAt, current.updatedAt))),
      requireChangedRow(db, 'partner_changed'),
      ...audit(partnerId, { changes: update }, action),
    ],
    events:
      update.status !== undefined && update.status !== current.status
        ? [
            eventDraft(
              context,
              update.status === 'suspended' ? 'partner.suspended' : 'partner.reactivated',
              { partnerId },
              { partnerId },
            ),
          ]
        : [],
  };
}

/** What registering a partner key can be refused with. */
export const REGISTER_KEY_REFUSALS = [
  'partner_not_found',
  'invalid_public_key',
  'partner_key_exists',
] as const;

/**
 * Registers a partner's public key. The (partner, kid) primary key refuses a kid the partner
 * already has, removed or not, so a retired kid never comes back naming other key material.
 */
export async function planRegisterKey(
  context: Context,
  partnerId: string,
  publicJwk: Parameters<typeof acceptPartnerPublicKey>[0],
  audit: AuditHook = noAudit,
): Promise<WritePlan<PartnerKeyRow> | DomainError<RefusalOf<typeof REGISTER_KEY_REFUSALS>>> {
  const { db } = context;
  const jwk = await acceptPartnerPublicKey(publicJwk);
  if (isDomainError(jwk)) return jwk;
  if ((await findPartner(db, partnerId)) === undefined)
    return domainError('partner_not_found', `There is no partner ${partnerId}.`);
  const existing = await findPartnerKeyRow(db, partnerId, jwk.kid);
  if (existing !== undefined) {
    const createdAt = new Date(existing.createdAt).toISOString();
    const removed =
      existing.removedAt === null
        ? ''
        : ` and removed at ${new Date(existing.removedAt).toISOString()}; a removed kid cannot be reused`;
    return domainError(
      'partner_key_exists',
      `The partner already registered kid "${jwk.kid}" at ${createdAt}${removed}. Choose a new kid.`,
    );
  }
  const row: PartnerKeyRow = {
    partnerId,
    kid: jwk.kid,
    algorithm: jwk.alg,
    publicJwk: JSON.stringify(jwk),
    createdAt: context.clock(),
    removedAt: null,
  };
  return {
    status: 201,
    body: row,
    statements: [insertPartnerKeyStatement(db, row), ...audit(partnerId, { kid: jwk.kid, alg: jwk.alg })],
    events: [eventDraft(context, 'partner_key.added', { partnerId, kid: jwk.kid }, { partnerId })],
  };
}

/** What removing a partner key can be refused with. */
export const REMOVE_KEY_REFUSALS = ['partner_not_found', 'partner_key_not_found'] as const;

/** Removes a live key at once: the token verifier only trusts live keys. */
export async function planRemoveKey(
  context: Context,
  partnerId: string,
  kid: string,
  audit: AuditHook = noAudit,
): Promise<WritePlan<PartnerKeyRow> | DomainError<RefusalOf<typeof REMOVE_KEY_REFUSALS>>> {
  const { db } = context;
  const key = await findPartnerKeyRow(db, partnerId, kid);
  if (key === undefined || key.removedAt !== null) {
    if ((await findPartner(db, partnerId)) === undefined)
      return domainError('partner_not_found', `There is no partner ${partnerId}.`);
    return domainError(
      'partner_key_not_found',
      `The partner has no live key "${kid}" (never registered, or already removed).`,
    );
  }
  const removedAt = context.clock();
  return {
    status: 200,
    body: { ...key, removedAt },
    statements: [
      removePartnerKeyStatement(db, partnerId, kid, removedAt),
      requireChangedRow(db, 'partner_key_removed'),
      ...audit(partnerId, { kid }),
    ],
    events: [eventDraft(context, 'partner_key.removed', { partnerId, kid }, { partnerId })],
  };
}

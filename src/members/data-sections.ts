import { and, asc, eq, getTableName, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../db/database.js';
import {
  auditLog,
  claimCodes,
  eventRecipients,
  events,
  gapGifts,
  giftCards,
  goalGifts,
  lots,
  memberConsents,
  memberContactSettings,
  memberGoals,
  memberLinks,
  memberMessages,
  memberProfiles,
  memberSessions,
  memberStatus,
  members,
  memberTopicCaps,
  passkeys,
  payCodes,
  pointsOwed,
  poolInvites,
  poolMembers,
  poolMonthlyUsage,
  poolRedemptions,
  pools,
  qualifyingCredits,
  qualifyingMonths,
  reservations,
  selectionMembers,
  statusChallenges,
  statusChanges,
  transactions,
} from '../db/schema/index.js';

/**
 * Everything Tessera holds about a member, as one list of sections: the export reads it, erasure
 * follows it, and `test/members/data-sections.test.ts` fails when a table with a member id column
 * has no section. A table added later that holds member data (consents, messages) adds its section
 * here, in one place.
 */

/** What erasure does to a section's rows: delete them, or keep them (pseudonymous) and say why. */
export type ErasureRule = { readonly delete: true } | { readonly keep: string };

export type ExportRow = Record<string, unknown>;

export interface MemberDataSection {
  /** The key of the section in the export. */
  readonly name: string;
  readonly description: string;
  /** The table and the columns of it that name the member (by id). */
  readonly table: SQLiteTable;
  readonly memberColumns: readonly SQLiteColumn[];
  /** Properties never exported: secrets kept as hashes, key material. */
  readonly withheld?: readonly string[];
  readonly erasure: ErasureRule;
  /** Reads the section's rows; by default every row whose member columns name the member. */
  readonly read?: (db: Database, memberId: string) => Promise<ExportRow[]>;
}

const DELETE = { delete: true } as const;
const LEDGER =
  'The ledger, statements and settlement stay exact: these rows name the member only by the pseudonymous id, and hold nothing personal.';

export const MEMBER_DATA_SECTIONS: readonly MemberDataSection[] = [
  {
    name: 'membership',
    description: 'The membership: when and by which partner it was enrolled, the card number, its status.',
    table: members,
    memberColumns: [members.id, members.mergedIntoMemberId],
    erasure: {
      keep: 'The pseudonymous id the ledger names; erasure clears the card number and marks it erased.',
    },
  },
  {
    name: 'links',
    description: "Partners' own card numbers linked to the membership after it was enrolled.",
    table: memberLinks,
    memberColumns: [memberLinks.memberId],
    erasure: DELETE,
  },
  {
    name: 'consents',
    description: 'What the member allowed or refused each partner beyond the transaction itself.',
    table: memberConsents,
    memberColumns: [memberConsents.memberId],
    erasure: DELETE,
  },
  {
    name: 'contactSettings',
    description: 'The contact cap the member chose and their quiet hours.',
    table: memberContactSettings,
    memberColumns: [memberContactSettings.memberId],
    erasure: DELETE,
  },
  {
    name: 'topicCaps',
    description: 'The contact cap the member chose per topic.',
    table: memberTopicCaps,
    memberColumns: [memberTopicCaps.memberId],
    erasure: DELETE,
  },
  {
    name: 'messages',
    description: "The member's inbox: messages from partners and from the network.",
    table: memberMessages,
    memberColumns: [memberMessages.memberId],
    erasure: DELETE,
  },
  {
    name: 'profile',
    description: 'What the member told about themselves (name, contact, locale, home country, postal area).',
    table: memberProfiles,
    memberColumns: [memberProfiles.memberId],
    erasure: DELETE,
  },
  {
    name: 'claimCodes',
    description: 'Claim codes issued for the membership (the codes themselves are never kept).',
    table: claimCodes,
    memberColumns: [claimCodes.memberId],
    withheld: ['codeHash', 'keyId'],
    erasure: DELETE,
  },
  {
    name: 'sessions',
    description: 'Signed-in sessions, open and ended (refresh tokens are secrets and are not exported).',
    table: memberSessions,
    memberColumns: [memberSessions.memberId],
    erasure: DELETE,
  },
  {
    name: 'passkeys',
    description: "The member's passkeys: public metadata only (name, authenticator model, dates).",
    table: passkeys,
    memberColumns: [passkeys.memberId],
    withheld: ['publicJwk'],
    erasure: DELETE,
  },
  {
    name: 'payCodes',
    description: 'Pay codes made in the wallet and the redemption that used each (the codes are never kept).',
    table: payCodes,
    memberColumns: [payCodes.memberId],
    withheld: ['codeHash'],
    erasure: DELETE,
  },
  {
    name: 'transactions',
    description: "Every transaction of the member's wallet: earns, holds, redemptions, reversals, gifts.",
    table: transactions,
    memberColumns: [transactions.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'lots',
    description: 'Each credit to the wallet with its issuer, expiry and what remains of it.',
    table: lots,
    memberColumns: [lots.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'pointsOwed',
    description: 'Points owed to a partner after a refund of points already spent.',
    table: pointsOwed,
    memberColumns: [pointsOwed.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'poolsOwned',
    description: 'Pools the member created.',
    table: pools,
    memberColumns: [pools.ownerMemberId],
    erasure: {
      keep: "Other members' pool history names the pool; erasure dissolves it and clears its name.",
    },
  },
  {
    name: 'poolMemberships',
    description: "The member's places in pools: pledge, permissions, when they joined and left.",
    table: poolMembers,
    memberColumns: [poolMembers.memberId],
    erasure: { keep: "Other members' pool history names the place; erasure ends it (the member leaves)." },
  },
  {
    name: 'poolInvites',
    description: 'Pool invitations the member made or used (the codes are never kept).',
    table: poolInvites,
    memberColumns: [poolInvites.createdByMemberId, poolInvites.usedByMemberId],
    withheld: ['codeHash'],
    erasure: DELETE,
  },
  {
    name: 'poolMonthlyUsage',
    description: 'Points the member redeemed from each pool per month, for monthly limits.',
    table: poolMonthlyUsage,
    memberColumns: [poolMonthlyUsage.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'poolRedemptions',
    description: 'Redemptions the member made from a pool.',
    table: poolRedemptions,
    memberColumns: [poolRedemptions.redeemerMemberId],
    erasure: { keep: "The pool's activity, which its other members see; it holds the pseudonymous id only." },
  },
  {
    name: 'reservations',
    description: 'Catalogue reservations: held, fulfilled, cancelled or lapsed.',
    table: reservations,
    memberColumns: [reservations.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'giftCards',
    description: 'Coalition gift cards the member received (the card codes are never kept).',
    table: giftCards,
    memberColumns: [giftCards.memberId],
    withheld: ['codeHash'],
    erasure: { keep: 'A gift card is money the network owes its bearer; it stays spendable with its code.' },
  },
  {
    name: 'yearlyChoices',
    description: "The yearly choices the member was invited to, and each one's outcome.",
    table: selectionMembers,
    memberColumns: [selectionMembers.memberId],
    erasure: { keep: 'A closed choice gives every member of its cohort exactly one outcome, kept with it.' },
  },
  {
    name: 'status',
    description: "The member's tier, its basis and when it is reviewed next.",
    table: memberStatus,
    memberColumns: [memberStatus.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'qualifyingCredits',
    description: 'The qualifying credits behind the tier, one per earn, refund or gift.',
    table: qualifyingCredits,
    memberColumns: [qualifyingCredits.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'qualifyingMonths',
    description: 'Qualifying credits added up per month.',
    table: qualifyingMonths,
    memberColumns: [qualifyingMonths.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'statusChanges',
    description: "Every change of the member's tier, with its cause and explanation.",
    table: statusChanges,
    memberColumns: [statusChanges.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'statusChallenges',
    description: 'Status matches and challenges the operator granted.',
    table: statusChallenges,
    memberColumns: [statusChallenges.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'gapGifts',
    description: 'Gap gifts the network gave the member.',
    table: gapGifts,
    memberColumns: [gapGifts.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'goal',
    description: 'The catalogue item the member saves for.',
    table: memberGoals,
    memberColumns: [memberGoals.memberId],
    erasure: DELETE,
  },
  {
    name: 'goalGifts',
    description: 'The last points to a saved catalogue item, given by the network.',
    table: goalGifts,
    memberColumns: [goalGifts.memberId],
    erasure: { keep: LEDGER },
  },
  {
    name: 'events',
    description: "Every event addressed to the member's app, oldest first.",
    table: eventRecipients,
    memberColumns: [eventRecipients.recipientId],
    erasure: {
      keep: 'The feed partners and the operator replay; erasure removes the card number from the enrolment event.',
    },
    read: async (db, memberId) =>
      db
        .select({ id: events.id, type: events.type, occurredAt: events.occurredAt, data: events.data })
        .from(eventRecipients)
        .innerJoin(events, eq(events.position, eventRecipients.position))
        .where(and(eq(eventRecipients.kind, 'member'), eq(eventRecipients.recipientId, memberId)))
        .orderBy(asc(eventRecipients.position))
        .then((rows) => rows.map((row) => ({ ...row, data: JSON.parse(row.data) as unknown }))),
  },
  {
    name: 'accessLog',
    description:
      "The audit log's entries about the member or by them: support reads, claim codes issued, exports.",
    table: auditLog,
    memberColumns: [],
    erasure: {
      keep: 'The audit log is append-only; its entries name the pseudonymous id, never personal data.',
    },
    read: async (db, memberId) =>
      db
        .select({
          id: auditLog.id,
          actor: auditLog.actor,
          action: auditLog.action,
          createdAt: auditLog.createdAt,
        })
        .from(auditLog)
        .where(or(eq(auditLog.target, memberId), eq(auditLog.actor, memberId)))
        .orderBy(asc(auditLog.id)),
  },
];

/** Every row of a section that names the member, in the order the table keeps them. */
export async function readSection(
  db: Database,
  section: MemberDataSection,
  memberId: string,
): Promise<ExportRow[]> {
  const rows = section.read
    ? await section.read(db, memberId)
    : await db
        .select()
        .from(section.table)
        .where(memberCondition(section, memberId))
        .then((found) => found as ExportRow[]);
  return rows.map((row) => exportRow(row, section.withheld ?? []));
}

/** The rows of a section's table that name the member in any of its member columns. */
export function memberCondition(section: MemberDataSection, memberId: string): SQL | undefined {
  return or(...section.memberColumns.map((column) => eq(column, memberId)));
}

/** Times as ISO 8601 (the columns ending in `At` hold epoch milliseconds), secrets left out. */
function exportRow(row: ExportRow, withheld: readonly string[]): ExportRow {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([name]) => !withheld.includes(name))
      .map(([name, value]) => [
        name,
        name.endsWith('At') && typeof value === 'number' ? new Date(value).toISOString() : value,
      ]),
  );
}

/** The database names of the (table, column) pairs the sections cover: what the schema scan checks. */
export function coveredMemberColumns(): string[] {
  return MEMBER_DATA_SECTIONS.flatMap((section) =>
    section.memberColumns.map((column) => `${getTableName(section.table)}.${column.name}`),
  );
}

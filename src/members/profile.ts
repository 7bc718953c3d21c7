import { findProfile, type ProfileRow, requireActiveMember, saveProfileStatement } from '../db/members.js';
import type { LedgerContext } from '../dependencies.js';
import { eventDraft } from '../events/draft.js';
import type { WritePlan } from '../writes/plan.js';

/** The profile a member controls: every field optional, null when not given. */
export interface ProfileView {
  readonly displayName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly locale: string | null;
  readonly homeCountry: string | null;
  readonly postalArea: string | null;
  readonly updatedAt: string | null;
}

export const PROFILE_FIELDS = [
  'displayName',
  'email',
  'phone',
  'locale',
  'homeCountry',
  'postalArea',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type ProfileChanges = Partial<Record<ProfileField, string | null>>;

export function profileView(row: ProfileRow | undefined): ProfileView {
  return {
    displayName: row?.displayName ?? null,
    email: row?.email ?? null,
    phone: row?.phone ?? null,
    locale: row?.locale ?? null,
    homeCountry: row?.homeCountry ?? null,
    postalArea: row?.postalArea ?? null,
    updatedAt: row === undefined ? null : new Date(row.updatedAt).toISOString(),
  };
}

export async function readProfile(context: LedgerContext, memberId: string): Promise<ProfileView> {
  return profileView(await findProfile(context.db, memberId));
}

/**
 * Applies the member's changes (a field given as null is cleared; a field left out is kept). The
 * event names the fields that changed, never their values: who may read them is the member's
 * consent's business, at the time of reading.
 */
export async function planUpdateProfile(
  context: LedgerContext,
  memberId: string,
  changes: ProfileChanges,
): Promise<WritePlan<ProfileView>> {
  const { db, clock } = context;
  const current = profileView(await findProfile(db, memberId));
  const changed = PROFILE_FIELDS.filter(
    (field) => changes[field] !== undefined && changes[field] !== current[field],
  );
  const row: ProfileRow = {
    memberId,
    displayName: current.displayName,
    email: current.email,
    phone: current.phone,
    locale: current.locale,
    homeCountry: current.homeCountry,
    postalArea: current.postalArea,
    ...changes,
    updatedAt: clock(),
  };
  if (changed.length === 0) return { status: 200, body: current, statements: [] };
  return {
    status: 200,
    body: profileView(row),
    statements: [saveProfileStatement(db, row, changed), requireActiveMember(db, memberId)],
    events: [
      eventDraft(
        context,
        'member.profile_changed',
        { memberId, fields: [...changed] },
        { memberIds: [memberId] },
      ),
    ],
  };
}

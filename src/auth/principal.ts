import type { StaffRole } from '../domain/staff/roles.js';

/** The person behind an operator or partner principal signed in to the console (a staff token). */
export interface StaffActor {
  readonly userId: string;
  readonly role: StaffRole;
  readonly sessionId: string;
}

/** Who is calling, as established by the bearer token. */
export type Principal =
  | { readonly kind: 'operator'; readonly subject: string; readonly staff?: StaffActor | undefined }
  | {
      readonly kind: 'member';
      readonly memberId: string;
      /** The session a signed-in member's token belongs to (`sid`); none on tokens the operator mints. */
      readonly sessionId?: string | undefined;
    }
  | {
      readonly kind: 'partner';
      readonly partnerId: string;
      /** The key the partner signed with; `staff` for a partner staff user's network-signed token. */
      readonly kid: string;
      readonly staff?: StaffActor | undefined;
    };

export type PrincipalKind = Principal['kind'];

/** The JOSE `typ` each kind of token must carry, so one kind can never pass for another. */
export const TOKEN_TYPES: Readonly<Record<PrincipalKind, string>> = {
  operator: 'tessera-operator+jwt',
  member: 'tessera-member+jwt',
  partner: 'tessera-partner+jwt',
};

/**
 * A staff user's access token: network-signed, `sub` the staff user, `sid` the session, `role`,
 * and `ptn` the partner for partner staff. It stands for an operator or a partner principal.
 */
export const STAFF_TOKEN_TYPE = 'tessera-staff+jwt';

/** Partners may sign with these algorithms only. */
export const PARTNER_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type PartnerAlgorithm = (typeof PARTNER_ALGORITHMS)[number];

/** A partner token may live at most this long (`exp - iat`). */
export const PARTNER_TOKEN_MAX_LIFETIME_SECONDS = 300;

/** Tokens longer than this are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 4096;

/** Who is calling, as established by the bearer token. */
export type Principal =
  | { readonly kind: 'operator'; readonly subject: string }
  | {
      readonly kind: 'member';
      readonly memberId: string;
      /** The session a signed-in member's token belongs to (`sid`); none on tokens the operator mints. */
      readonly sessionId?: string | undefined;
    }
  | { readonly kind: 'partner'; readonly partnerId: string; readonly kid: string };

export type PrincipalKind = Principal['kind'];

/** The JOSE `typ` each kind of token must carry, so one kind can never pass for another. */
export const TOKEN_TYPES: Readonly<Record<PrincipalKind, string>> = {
  operator: 'tessera-operator+jwt',
  member: 'tessera-member+jwt',
  partner: 'tessera-partner+jwt',
};

/** Partners may sign with these algorithms only. */
export const PARTNER_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type PartnerAlgorithm = (typeof PARTNER_ALGORITHMS)[number];

/** A partner token may live at most this long (`exp - iat`). */
export const PARTNER_TOKEN_MAX_LIFETIME_SECONDS = 300;

/** Tokens longer than this are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 4096;

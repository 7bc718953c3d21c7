/**
 * Every stable error code Tessera answers with. The HTTP status and title of each live in one
 * table (`src/http/problems.ts`), which also feeds the OpenAPI document.
 */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'unsupported_media_type',
  'payload_too_large',
  'route_not_found',
  'method_not_allowed',
  'unauthorized',
  'invalid_token',
  'forbidden',
  'idempotency_key_missing',
  'idempotency_key_reused',
  'partner_not_found',
  'partner_suspended',
  'partner_key_not_found',
  'partner_key_exists',
  'invalid_public_key',
  'member_not_found',
  'external_reference_taken',
  'transaction_not_found',
  'fx_snapshot_not_found',
  'unknown_currency',
  'invalid_amount',
  'too_many_decimals',
  'fx_rate_missing',
  'fx_rate_stale',
  'insufficient_points',
  'hold_not_pending',
  'hold_expired',
  'capture_exceeds_hold',
  'reversal_not_allowed',
  'reversal_exceeds_original',
  'currency_mismatch',
  'pool_not_found',
  'pool_full',
  'already_in_household',
  'household_lockout',
  'too_many_friend_pools',
  'already_pool_member',
  'invite_invalid',
  'invite_expired',
  'invite_used',
  'not_pool_owner',
  'owner_cannot_leave',
  'pool_member_not_found',
  'not_permitted_to_redeem',
  'monthly_limit_reached',
  'pledge_exceeded',
  'settlement_not_found',
  'dispute_not_found',
  'dispute_already_resolved',
  'dispute_line_not_found',
  'payment_exceeds_net',
  'payment_reference_reused',
  'member_merged',
  'member_erased',
  'erasure_points_remaining',
  'erasure_pending_holds',
  'claim_code_invalid',
  'merge_same_member',
  'merge_pending_transactions',
  'merge_pool_membership',
  'claim_code_used',
  'claim_code_expired',
  'refresh_token_invalid',
  'refresh_token_reused',
  'session_not_found',
  'webauthn_challenge_invalid',
  'passkey_invalid',
  'passkey_exists',
  'passkey_refused',
  'staff_invitation_invalid',
  'staff_invitation_used',
  'staff_invitation_expired',
  'staff_role_forbidden',
  'passkey_not_found',
  'passkey_last',
  'member_presence_required',
  'pay_code_invalid',
  'pay_code_used',
  'pay_code_expired',
  'pay_code_other_partner',
  'pay_code_limit_exceeded',
  'consent_required',
  'contact_cap_reached',
  'member_quiet_hours',
  'message_not_found',
  'item_not_found',
  'goal_not_found',
  'item_not_pending',
  'item_unavailable',
  'sold_out',
  'stock_below_reserved',
  'not_eligible',
  'reservation_not_found',
  'reservation_not_reserved',
  'selection_not_found',
  'selection_not_open',
  'not_in_selection',
  'selection_still_open',
  'gift_card_not_found',
  'gift_card_expired',
  'gift_card_balance_exceeded',
  'gift_card_guesses_exceeded',
  'gift_card_spend_not_found',
  'refund_exceeds_spend',
  'webhook_endpoint_not_found',
  'webhook_endpoint_limit_reached',
  'webhook_endpoint_disabled',
  'webhook_url_not_allowed',
  'event_type_not_receivable',
  'event_not_found',
  'unknown_tier',
  'write_conflict',
  'rate_limited',
  'request_timeout',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A refusal the domain returns as a value; the HTTP layer turns it into a problem response. `C`
 * narrows the codes a function can return, so the route that calls it can declare exactly those
 * (see `*_REFUSALS` lists next to each planner).
 */
export interface DomainError<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  readonly detail: string;
  /** Extra members of the problem document, e.g. the currency a rate is missing for. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export function domainError<C extends ErrorCode>(
  code: C,
  detail: string,
  extensions?: Record<string, unknown>,
): DomainError<C> {
  return extensions === undefined ? { code, detail } : { code, detail, extensions };
}

/** The codes of a list of refusals, as a type. */
export type RefusalOf<L extends readonly ErrorCode[]> = L[number];

export function isDomainError(value: unknown): value is DomainError {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    'detail' in value &&
    (ERROR_CODES as readonly unknown[]).includes((value as { code: unknown }).code)
  );
}

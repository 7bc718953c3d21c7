import { z } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { DomainError, ErrorCode } from '../domain/errors.js';
import { WRITE_REFUSALS } from '../writes/run.js';

/** The one table mapping every error code to its HTTP status and title. */
export const PROBLEMS: Readonly<Record<ErrorCode, { status: ContentfulStatusCode; title: string }>> = {
  validation_failed: { status: 422, title: 'The request does not match the schema' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, title: 'The request body must be application/json' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  route_not_found: { status: 404, title: 'No such route' },
  method_not_allowed: { status: 405, title: 'Method not allowed on this route' },
  unauthorized: { status: 401, title: 'A bearer token is required' },
  invalid_token: { status: 401, title: 'The bearer token was refused' },
  forbidden: { status: 403, title: 'Not allowed for this principal' },
  idempotency_key_missing: { status: 400, title: 'The Idempotency-Key header is required' },
  idempotency_key_reused: { status: 422, title: 'The Idempotency-Key was used with a different request' },
  partner_not_found: { status: 404, title: 'Partner not found' },
  partner_suspended: { status: 409, title: 'The partner is suspended' },
  partner_key_not_found: { status: 404, title: 'Partner key not found' },
  partner_key_exists: { status: 409, title: 'A key with this kid is already registered' },
  invalid_public_key: { status: 422, title: 'The key is not an acceptable public key' },
  member_not_found: { status: 404, title: 'Member not found' },
  external_reference_taken: { status: 409, title: 'The external reference belongs to another member' },
  transaction_not_found: { status: 404, title: 'Transaction not found' },
  fx_snapshot_not_found: { status: 404, title: 'No FX snapshot has been published' },
  unknown_currency: { status: 422, title: 'Unknown currency' },
  invalid_amount: { status: 422, title: 'Invalid amount' },
  too_many_decimals: { status: 422, title: 'The amount has more decimals than the currency allows' },
  fx_rate_missing: { status: 422, title: 'No FX rate for the currency' },
  fx_rate_stale: { status: 422, title: 'The FX rate for the currency is too old' },
  insufficient_points: { status: 422, title: 'Not enough points' },
  hold_not_pending: { status: 409, title: 'The hold is no longer pending' },
  hold_expired: { status: 409, title: 'The hold has expired' },
  capture_exceeds_hold: { status: 422, title: 'The capture is larger than the hold' },
  reversal_not_allowed: { status: 409, title: 'This transaction cannot be reversed' },
  reversal_exceeds_original: { status: 422, title: 'The reversal exceeds what remains of the original' },
  currency_mismatch: { status: 422, title: 'The currency differs from the original transaction' },
  pool_not_found: { status: 404, title: 'Pool not found' },
  pool_full: { status: 409, title: 'The pool is full' },
  already_in_household: { status: 409, title: 'The member is already in a household' },
  household_lockout: { status: 409, title: 'The member left a household too recently to join another' },
  too_many_friend_pools: { status: 409, title: 'The member is in as many friend pools as allowed' },
  already_pool_member: { status: 409, title: 'The member is already in this pool' },
  invite_invalid: { status: 404, title: 'No such invite code' },
  invite_expired: { status: 410, title: 'The invite code has expired' },
  invite_used: { status: 410, title: 'The invite code has been used' },
  not_pool_owner: { status: 403, title: 'Only the pool owner may do this' },
  owner_cannot_leave: { status: 409, title: 'The owner cannot leave; dissolve the pool instead' },
  pool_member_not_found: { status: 404, title: 'Not a member of this pool' },
  not_permitted_to_redeem: { status: 403, title: 'The member may not redeem from this pool' },
  monthly_limit_reached: { status: 422, title: 'The monthly pool limit would be exceeded' },
  pledge_exceeded: { status: 422, title: 'The pledges do not cover the redemption' },
  settlement_not_found: { status: 404, title: 'Settlement not found' },
  dispute_not_found: { status: 404, title: 'Dispute not found' },
  dispute_already_resolved: { status: 409, title: 'The dispute has already been resolved' },
  dispute_line_not_found: {
    status: 422,
    title: 'A disputed line is not one of your lines in this settlement',
  },
  payment_exceeds_net: { status: 422, title: 'The payment is more than the statement has outstanding' },
  payment_reference_reused: { status: 409, title: 'The payment reference was recorded with another amount' },
  member_merged: { status: 409, title: 'The membership was merged into another one' },
  member_erased: { status: 410, title: "The member's data was erased at their request" },
  erasure_points_remaining: {
    status: 409,
    title: 'Points remain: redeem them first, or choose to forfeit them',
  },
  erasure_pending_holds: {
    status: 409,
    title: 'A hold or a catalogue reservation is still pending: erasure waits until it is resolved',
  },
  claim_code_invalid: { status: 404, title: 'No such claim code' },
  merge_same_member: { status: 422, title: 'A membership cannot be merged into itself' },
  merge_pending_transactions: {
    status: 409,
    title: 'The membership to merge has a hold or reservation still open',
  },
  merge_pool_membership: { status: 409, title: 'The membership to merge is still in a pool' },
  claim_code_used: { status: 410, title: 'The claim code has been used' },
  claim_code_expired: { status: 410, title: 'The claim code has expired' },
  refresh_token_invalid: { status: 401, title: 'The refresh token was refused' },
  refresh_token_reused: {
    status: 401,
    title: 'The refresh token was already used: the session is ended',
  },
  session_not_found: { status: 404, title: 'No such session' },
  webauthn_challenge_invalid: {
    status: 422,
    title: 'The passkey challenge is unknown, expired, used or not for this ceremony',
  },
  passkey_invalid: { status: 422, title: 'The new passkey does not verify' },
  passkey_exists: { status: 409, title: 'The passkey is already registered' },
  passkey_refused: { status: 401, title: 'The passkey sign-in was refused' },
  staff_invitation_invalid: { status: 404, title: 'No such staff invitation' },
  staff_invitation_used: { status: 410, title: 'The staff invitation has been accepted' },
  staff_invitation_expired: { status: 410, title: 'The staff invitation has expired' },
  staff_role_forbidden: { status: 403, title: 'The staff role does not allow this' },
  passkey_not_found: { status: 404, title: 'No such passkey' },
  passkey_last: { status: 409, title: 'The last passkey cannot be removed' },
  member_presence_required: { status: 403, title: "The member's pay code is needed" },
  pay_code_invalid: { status: 422, title: 'Not a pay code of this member' },
  pay_code_used: { status: 410, title: 'The pay code has been used' },
  pay_code_expired: { status: 410, title: 'The pay code has expired' },
  pay_code_other_partner: { status: 403, title: 'The pay code is for another partner' },
  pay_code_limit_exceeded: { status: 422, title: 'More points than the pay code allows' },
  consent_required: { status: 403, title: 'The member has not allowed this' },
  contact_cap_reached: { status: 409, title: "The member's contact cap is reached" },
  member_quiet_hours: { status: 409, title: 'It is quiet hours for the member' },
  message_not_found: { status: 404, title: 'Message not found' },
  item_not_found: { status: 404, title: 'Catalogue item not found' },
  goal_not_found: { status: 404, title: 'No goal saved' },
  item_not_pending: { status: 409, title: 'The item is not waiting for review' },
  item_unavailable: { status: 409, title: 'The item cannot be reserved now' },
  sold_out: { status: 409, title: 'No seats or stock left' },
  stock_below_reserved: { status: 422, title: 'The stock would be below what is already reserved' },
  not_eligible: { status: 403, title: 'The member may not reserve this item' },
  reservation_not_found: { status: 404, title: 'Reservation not found' },
  reservation_not_reserved: { status: 409, title: 'The reservation is no longer held' },
  selection_not_found: { status: 404, title: 'Yearly choice not found' },
  selection_not_open: { status: 409, title: 'The yearly choice is not open' },
  not_in_selection: { status: 403, title: "The member is not in this yearly choice's cohort" },
  selection_still_open: { status: 409, title: "The yearly choice's window has not ended yet" },
  gift_card_not_found: { status: 404, title: 'No gift card with this code' },
  gift_card_expired: { status: 409, title: 'The gift card has expired' },
  gift_card_balance_exceeded: { status: 422, title: "The gift card's balance does not cover the amount" },
  gift_card_guesses_exceeded: { status: 429, title: 'Too many unknown gift card codes; look-ups are paused' },
  gift_card_spend_not_found: { status: 404, title: 'Gift card payment not found' },
  refund_exceeds_spend: { status: 422, title: 'The refund is more than what remains of the payment' },
  webhook_endpoint_not_found: { status: 404, title: 'Webhook endpoint not found' },
  webhook_endpoint_limit_reached: {
    status: 409,
    title: 'The owner has as many webhook endpoints as allowed',
  },
  webhook_endpoint_disabled: { status: 409, title: 'The webhook endpoint is disabled' },
  webhook_url_not_allowed: { status: 422, title: 'Webhooks cannot be sent to this URL' },
  event_type_not_receivable: { status: 422, title: 'The caller never receives events of this type' },
  event_not_found: { status: 404, title: 'Event not found' },
  unknown_tier: { status: 422, title: 'The network has no tier with this code' },
  write_conflict: { status: 409, title: 'The write kept conflicting with concurrent writes; retry it' },
  rate_limited: { status: 429, title: 'Too many requests' },
  request_timeout: { status: 503, title: 'The request took too long; its outcome is unknown' },
  internal_error: { status: 500, title: 'Internal error' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemSchema = z
  .object({
    type: z.string().openapi({
      description: 'A URN naming the problem type.',
      example: 'urn:tessera:problem:insufficient_points',
    }),
    title: z
      .string()
      .openapi({ description: 'Short summary of the problem type.', example: 'Not enough points' }),
    status: z.number().int().openapi({ description: 'The HTTP status code.', example: 422 }),
    code: z
      .string()
      .openapi({ description: 'Stable machine-readable error code.', example: 'insufficient_points' }),
    detail: z.string().openapi({
      description: 'What went wrong in this request.',
      example: 'The wallet holds 120 points; 500 were asked.',
    }),
    requestId: z.string().optional().openapi({
      description: 'The request id, also in the X-Request-Id header.',
      example: 'req_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    errors: z
      .array(
        z.object({
          path: z.string().openapi({
            description: 'Where: the request part and the field.',
            example: 'json.amount.amount',
          }),
          message: z.string().openapi({
            description: 'What is wrong with it.',
            example: 'must be a decimal string such as "123.45"',
          }),
        }),
      )
      .optional()
      .openapi({ description: 'Each failed field, for validation_failed.' }),
  })
  .passthrough()
  .openapi('Problem', { description: 'An RFC 9457 problem document.' });

export type ProblemDocument = z.infer<typeof problemSchema>;

export function problemDocument(error: DomainError, requestId?: string): ProblemDocument {
  const { status, title } = PROBLEMS[error.code];
  // Extensions come first so that they can never overwrite a member RFC 9457 defines.
  return {
    ...error.extensions,
    type: `urn:tessera:problem:${error.code}`,
    title,
    status,
    code: error.code,
    detail: error.detail,
    ...(requestId === undefined ? {} : { requestId }),
  };
}

/** Thrown by handlers and middleware to answer with a problem; rendered by the app's error handler. */
export class ProblemException extends Error {
  constructor(readonly error: DomainError) {
    super(error.detail);
    this.name = 'ProblemException';
  }
}

export function fail(error: DomainError): never {
  throw new ProblemException(error);
}

/** What a bearer token can be refused with, on every route that takes one. */
export const AUTH_REFUSALS = ['unauthorized', 'invalid_token'] as const;

/** What a partner write can be refused with whatever it writes: the token, the Idempotency-Key, a lost race. */
export const PARTNER_WRITE_ERRORS = [
  ...AUTH_REFUSALS,
  'idempotency_key_missing',
  ...WRITE_REFUSALS,
] as const satisfies readonly ErrorCode[];

/** The same for a member's or an operator's write that takes an optional Idempotency-Key. */
export const WRITE_ERRORS = [...AUTH_REFUSALS, ...WRITE_REFUSALS] as const satisfies readonly ErrorCode[];

/** The same for an operator write that moves points or money: the Idempotency-Key is required. */
export const KEYED_WRITE_ERRORS = PARTNER_WRITE_ERRORS;

interface ProblemResponse {
  description: string;
  content: Record<string, { schema: typeof problemSchema }>;
}

/** The codes each problem response was built from, so that more can be added to it later. */
const codesOfResponse = new WeakMap<object, readonly ErrorCode[]>();

/** OpenAPI responses for the given error codes, grouped by status, from the same table. */
export function errorResponses(...codes: ErrorCode[]): Record<number, ProblemResponse> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of ['validation_failed', 'request_timeout', 'internal_error', ...codes] as ErrorCode[]) {
    const status = PROBLEMS[code].status;
    const list = byStatus.get(status) ?? [];
    if (!list.includes(code)) list.push(code);
    byStatus.set(status, list);
  }
  const responses: Record<number, ProblemResponse> = {};
  for (const [status, list] of byStatus) {
    const response = {
      description: list.map((code) => `\`${code}\`: ${PROBLEMS[code].title}`).join('; '),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
    };
    codesOfResponse.set(response, list);
    responses[status] = response;
  }
  return responses;
}

/** The problem codes an OpenAPI response object was built from; none for a success response. */
export function problemCodesOf(response: object): readonly ErrorCode[] {
  return codesOfResponse.get(response) ?? [];
}

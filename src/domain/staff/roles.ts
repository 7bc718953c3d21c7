/**
 * Staff roles and what each may do. A staff user acts as the operator or as their partner, through
 * the same routes a token caller uses; the role narrows which of them. Every role reads what its
 * principal may read; writes are granted here, by operation, and an admin may do them all. A write
 * that is not listed is for admins only, so a new route is closed to finance and support staff
 * until it is granted on purpose.
 */
export const STAFF_ROLES = {
  operator: ['admin', 'finance', 'support'],
  partner: ['admin', 'finance'],
} as const;

export type StaffScope = keyof typeof STAFF_ROLES;
export type StaffRole = (typeof STAFF_ROLES)[StaffScope][number];

/** The writes each non-admin role may make, as `METHOD /path` of the OpenAPI document. */
export const STAFF_WRITE_GRANTS: Readonly<Record<string, readonly StaffRole[]>> = {
  // Everyone may sign out.
  'DELETE /v1/staff/sessions/current': ['finance', 'support'],
  // Operator finance: rates, periods, payments, disputes.
  'PUT /v1/fx-rates': ['finance'],
  'POST /v1/settlements': ['finance'],
  'POST /v1/settlements/{settlementId}/payments': ['finance'],
  'POST /v1/settlements/{settlementId}/disputes/{disputeId}/resolution': ['finance'],
  // Operator support: helping one member.
  'POST /v1/members/{memberId}/credits': ['support'],
  'POST /v1/members/{memberId}/claim-codes': ['support'],
  // Partner finance: its statements.
  'POST /v1/settlements/{settlementId}/acknowledge': ['finance'],
  'POST /v1/settlements/{settlementId}/disputes': ['finance'],
};

const READ_METHODS = new Set(['GET', 'HEAD']);

/** Whether a staff user of this role may call the operation (`method`, OpenAPI `path`). */
export function roleAllows(role: StaffRole, method: string, path: string): boolean {
  if (role === 'admin' || READ_METHODS.has(method.toUpperCase())) return true;
  return STAFF_WRITE_GRANTS[`${method.toUpperCase()} ${path}`]?.includes(role) ?? false;
}

export function isStaffRole(scope: StaffScope, role: string): role is StaffRole {
  return (STAFF_ROLES[scope] as readonly string[]).includes(role);
}

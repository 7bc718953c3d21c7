import type { Context } from 'hono';
import { type AuditHook, type AuditRow, auditIfChangedStatement, auditStatement } from '../db/audit.js';
import type { BatchStatement } from '../db/database.js';
import type { AppEnv } from './context.js';

/** What an operator action records: its name, what it was about, and a summary without secrets. */
export interface AuditEvent {
  readonly action: string;
  readonly target: string;
  readonly summary: Readonly<Record<string, unknown>>;
}

/**
 * Who acted: the staff user signed in to the console, the operator token's subject, or the partner (`ptn_…`) or member (`mem_…`) whose
 * token did an action the log keeps too (a recovery claim code, an export, an erasure).
 */
function actorOf(c: Context<AppEnv>): string {
  const principal = c.get('principal');
  // A staff user signed in to the console is the actor (`stf_…`), whoever they act as.
  if (principal.kind !== 'member' && principal.staff !== undefined) return principal.staff.userId;
  switch (principal.kind) {
    case 'operator':
      return principal.subject;
    case 'partner':
      return principal.partnerId;
    case 'member':
      return principal.memberId;
  }
}

function auditRow(c: Context<AppEnv>, event: AuditEvent): AuditRow {
  const { ids, clock } = c.get('deps');
  return {
    id: ids('aud'),
    actor: actorOf(c),
    action: event.action,
    target: event.target,
    requestId: c.get('requestId'),
    summary: JSON.stringify(event.summary),
    createdAt: clock(),
  };
}

/** The audit statement of the operator action this request performs, for the action's own batch. */
export function audited(c: Context<AppEnv>, event: AuditEvent): BatchStatement {
  return auditStatement(c.get('deps').db, auditRow(c, event));
}

/** As `audited`, for an action whose statement just before may change nothing. */
export function auditedIfChanged(c: Context<AppEnv>, event: AuditEvent): BatchStatement {
  return auditIfChangedStatement(c.get('deps').db, auditRow(c, event));
}

/** The audit hook of a request (an operator's, or a partner's or member's audited action): each write it makes records `action` in its own batch. */
export function auditHook(c: Context<AppEnv>, action: string): AuditHook {
  return (target, summary, decided) => [audited(c, { action: decided ?? action, target, summary })];
}

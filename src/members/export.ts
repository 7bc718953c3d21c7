import type { AuditHook } from '../db/audit.js';
import type { LedgerContext } from '../dependencies.js';
import type { WritePlan } from '../writes/plan.js';
import { type ExportRow, MEMBER_DATA_SECTIONS, readSection } from './data-sections.js';

/** What `GET /v1/me/export` answers: every section of `MEMBER_DATA_SECTIONS`, by name. */
export interface MemberExport {
  readonly memberId: string;
  readonly exportedAt: string;
  readonly sections: Record<string, ExportRow[]>;
}

/**
 * Everything Tessera holds about the member, section by section. An export is recorded in the
 * audit log (`member.export`) in its own batch, so an export answered is an export recorded.
 */
export async function planMemberExport(
  context: LedgerContext,
  memberId: string,
  audit: AuditHook,
): Promise<WritePlan<MemberExport>> {
  const sections: Record<string, ExportRow[]> = {};
  for (const section of MEMBER_DATA_SECTIONS) {
    sections[section.name] = await readSection(context.db, section, memberId);
  }
  return {
    status: 200,
    body: { memberId, exportedAt: new Date(context.clock()).toISOString(), sections },
    statements: audit(memberId, { sections: MEMBER_DATA_SECTIONS.length }),
  };
}

import { type CatalogueItemRow, listItems } from '../db/catalogue.js';
import { findPartner } from '../db/partners.js';
import type { LedgerContext } from '../dependencies.js';
import { isEligible } from '../domain/catalogue/eligibility.js';
import { memberFacts } from './member-facts.js';
import { type MemberItemView, memberItemView } from './views.js';

/**
 * What a member may reserve now: approved items within their availability window whose eligibility
 * the member meets, newest first. A page holds at most `limit` offers; the cursor moves over every
 * item read, so a page may hold fewer.
 */
export async function browseCatalogue(
  context: LedgerContext,
  memberId: string,
  limit: number,
  cursor?: string,
): Promise<{ data: MemberItemView[]; nextCursor: string | null }> {
  const rows = await listItems(
    context.db,
    { status: 'approved', availableAt: context.clock() },
    limit + 1,
    cursor,
  );
  const page = rows.slice(0, limit);
  const facts = await memberFacts(context, memberId);
  const names = new Map<string, string>();
  const nameOf = async (row: CatalogueItemRow) => {
    if (row.fulfillerPartnerId === null) return null;
    const known = names.get(row.fulfillerPartnerId);
    if (known !== undefined) return known;
    const name = (await findPartner(context.db, row.fulfillerPartnerId))?.name ?? '';
    names.set(row.fulfillerPartnerId, name);
    return name;
  };
  const data: MemberItemView[] = [];
  for (const row of page) {
    if (isEligible(row.eligibility, facts)) data.push(memberItemView(row, await nameOf(row)));
  }
  return { data, nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

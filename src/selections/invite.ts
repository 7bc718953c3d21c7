import type { SelectionRow } from '../db/selections.js';
import type { LedgerContext } from '../dependencies.js';
import { type EventDraft, eventDraft } from '../events/draft.js';

/**
 * How members are invited to a yearly choice: every invitation goes through here. Today an
 * invitation is a `selection.invited` event to the member's app; member messaging with consents and
 * a coalition-wide contact cap will deliver it through the member's inbox from this one place.
 */
export function invitations(
  context: Pick<LedgerContext, 'ids' | 'clock'>,
  selection: Pick<SelectionRow, 'id' | 'name' | 'closesAt'>,
  memberIds: readonly string[],
): EventDraft[] {
  return memberIds.map((memberId) =>
    eventDraft(
      context,
      'selection.invited',
      {
        selectionId: selection.id,
        memberId,
        name: selection.name,
        closesAt: new Date(selection.closesAt).toISOString(),
      },
      { memberIds: [memberId] },
    ),
  );
}

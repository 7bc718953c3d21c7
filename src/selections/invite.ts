import type { SelectionRow } from '../db/selections.js';
import type { LedgerContext } from '../dependencies.js';
import { eventDraft } from '../events/draft.js';
import { networkInvitationStatements } from '../members/messages.js';
import type { ToldMember } from '../members/tell.js';

/**
 * How members are invited to a yearly choice: every invitation goes through here. Each member's
 * app receives `selection.invited`, and their inbox the invitation, which counts against their
 * contact cap: a member whose cap is full is not messaged, though the choice stays open to them.
 */
export function invitations(
  context: Pick<LedgerContext, 'db' | 'ids' | 'clock' | 'config'>,
  selection: Pick<SelectionRow, 'id' | 'name' | 'closesAt'>,
  memberIds: readonly string[],
): ToldMember {
  const closesAt = new Date(selection.closesAt).toISOString();
  return {
    statements: networkInvitationStatements(context, memberIds, {
      title: `Choose your experience: ${selection.name}`,
      body: `You are invited to choose one experience of ${selection.name} before ${closesAt.slice(0, 10)}. If you choose none, you receive a coalition gift card.`,
    }),
    events: memberIds.map((memberId) =>
      eventDraft(
        context,
        'selection.invited',
        { selectionId: selection.id, memberId, name: selection.name, closesAt },
        { memberIds: [memberId] },
      ),
    ),
  };
}

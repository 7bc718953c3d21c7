import type { BatchStatement } from '../db/database.js';
import type { LedgerContext } from '../dependencies.js';
import type { EventData, EventType } from '../domain/events/registry.js';
import { type EventDraft, eventDraft } from '../events/draft.js';
import { type NetworkMessage, networkNotice } from './messages.js';

/** What telling a member something adds to the write's batch. */
export interface ToldMember {
  readonly statements: BatchStatement[];
  readonly events: EventDraft[];
}

/**
 * The one way Tessera tells a member something about their own points or tier (a gift and why, a
 * tier about to drop): the event for the member's app and a notice in their inbox, in the write's
 * own batch. Such notices do not count against the contact cap and no setting silences them:
 * they are the member's account speaking, not anyone asking for their attention
 * (docs/decisions.md, "Network messages and the cap").
 */
export function tellMember<T extends EventType>(
  context: Pick<LedgerContext, 'db' | 'ids' | 'clock'>,
  memberId: string,
  type: T,
  data: EventData<T>,
  notice: NetworkMessage,
  options: { ledger?: boolean } = {},
): ToldMember {
  const inbox = networkNotice(context, memberId, notice);
  return {
    statements: inbox.statements,
    events: [eventDraft(context, type, data, { memberIds: [memberId], ...options }), ...inbox.events],
  };
}

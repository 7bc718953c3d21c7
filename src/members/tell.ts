import type { BatchStatement } from '../db/database.js';
import type { LedgerContext } from '../dependencies.js';
import type { EventData, EventType } from '../domain/events/registry.js';
import { type EventDraft, eventDraft } from '../events/draft.js';

/** What telling a member something adds to the write's batch. */
export interface ToldMember {
  readonly statements: BatchStatement[];
  readonly events: EventDraft[];
}

/**
 * The one way Tessera tells a member something it wants them to read (a gift and why, a tier about
 * to drop): today an event addressed to the member's app, in the write's own batch. Member messages
 * with consents and a coalition-wide contact cap will deliver through here, so every message the
 * network sends counts against the same cap.
 */
export function tellMember<T extends EventType>(
  context: Pick<LedgerContext, 'ids' | 'clock'>,
  memberId: string,
  type: T,
  data: EventData<T>,
  options: { ledger?: boolean } = {},
): ToldMember {
  return { statements: [], events: [eventDraft(context, type, data, { memberIds: [memberId], ...options })] };
}

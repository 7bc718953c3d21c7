import type { AppDependencies } from '../dependencies.js';
import { EVENT_TYPES, type EventData, type EventType, type Receiver } from '../domain/events/registry.js';

/** An event a write will record in its own batch (see `insertEventStatements`). */
export interface EventDraft {
  readonly id: string;
  readonly type: EventType;
  readonly occurredAt: number;
  /** Record the ledger sequence the write leaves (a change that moved points). */
  readonly ledger: boolean;
  readonly data: Readonly<Record<string, unknown>>;
  readonly recipients: readonly { readonly kind: Receiver; readonly id: string }[];
}

export interface EventAudience {
  /** The partner the event concerns, when its type goes to partners. */
  readonly partnerId?: string | null | undefined;
  /** Several partners the event concerns (a member every partner that knew them is told about). */
  readonly partnerIds?: readonly string[] | undefined;
  /** The members whose apps receive it, when its type goes to members. */
  readonly memberIds?: readonly string[] | undefined;
  readonly ledger?: boolean | undefined;
}

/**
 * An event of a registered type with its data, addressed to the receivers its type names (the
 * operator receives every event). A receiver the type does not name is not addressed, so a
 * planner cannot leak an event to someone the registry does not allow.
 */
export function eventDraft<T extends EventType>(
  context: Pick<AppDependencies, 'ids' | 'clock'>,
  type: T,
  data: EventData<T>,
  audience: EventAudience = {},
): EventDraft {
  const receivers: readonly Receiver[] = EVENT_TYPES[type].receivers;
  const recipients = [
    ...(receivers.includes('partner')
      ? [
          ...new Set([...(audience.partnerId ? [audience.partnerId] : []), ...(audience.partnerIds ?? [])]),
        ].map((partnerId) => ({ kind: 'partner' as const, id: partnerId }))
      : []),
    ...(receivers.includes('member')
      ? [...new Set(audience.memberIds ?? [])].map((memberId) => ({ kind: 'member' as const, id: memberId }))
      : []),
  ];
  return {
    id: context.ids('evt'),
    type,
    occurredAt: context.clock(),
    ledger: audience.ledger ?? false,
    data,
    recipients,
  };
}

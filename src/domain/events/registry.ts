import * as z from 'zod';

/**
 * Every kind of event Tessera tells partners, member apps and the operator about, in one place:
 * what it means, who receives it, and the shape of its `data` (version 1). The feed, the webhooks,
 * the OpenAPI document and docs/events.md all derive from these entries.
 *
 * Receivers: `partner` — the partner the event concerns (its own transactions, members it enrolled,
 * its statements and keys), never another; `member` — the member's own app (for pool events, every
 * member of the pool); the operator receives every event.
 */

// Every field carries a description and an example: the OpenAPI document and docs/events.md show them.
const id = (prefix: string, description: string) =>
  z.string().meta({ description, example: `${prefix}_01JD3Z6W3RM0E2F2WB7G0K3T9Q` });
const points = (description: string, example = 120) => z.number().int().meta({ description, example });
const text = (description: string, example: string) => z.string().meta({ description, example });
const time = (description: string) => text(description, '2027-02-21T09:00:00.000Z');
const money = z
  .object({
    amount: text('Decimal string, as many decimals as the currency has.', '123.45'),
    currency: text('ISO 4217 currency code.', 'EUR'),
  })
  .meta({ description: 'An exact amount: a decimal string and its currency.' });

const memberId = id('mem', 'The member.');
const partnerId = id('ptn', 'The partner.');
const transactionId = id('txn', 'The transaction.');
const poolId = id('pool', 'The pool.');
const settlementId = id('stl', 'The settlement.');
const draws = z
  .array(z.object({ memberId, poolId: poolId.nullable(), points: points('Points drawn from this wallet.') }))
  .meta({ description: 'The wallets the points came from.' });
const itemId = id('itm', 'The catalogue item.');
const reservationId = id('rsv', 'The reservation.');
const selectionId = id('sel', 'The yearly choice.');
const giftCardId = id('gft', 'The gift card.');
const movementId = id('gcm', 'The gift card payment or refund.');
const fulfiller = text(
  'The partner that fulfils the item, or `network` for its own.',
  'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
);
const restored = z
  .array(z.object({ memberId, points: points('Points given back into this wallet.') }))
  .meta({ description: 'The wallets the points went back to, into the very lots they came from.' });
const externalReference = text("The partner's own reference, if it gave one.", 'folio-88231').nullable();
const tierCode = text('A tier code of the network’s ladder.', 'gold');

export type Receiver = 'partner' | 'member';

interface EventTypeEntry {
  readonly description: string;
  /** Who receives it besides the operator. */
  readonly receivers: readonly Receiver[];
  readonly data: z.ZodObject;
}

export const EVENT_TYPES = {
  'member.enrolled': {
    description: 'A partner enrolled a member.',
    receivers: ['partner', 'member'],
    data: z.object({ memberId, partnerId, externalReference }),
  },
  'member.claimed': {
    description: 'The member claimed their wallet with a claim code.',
    receivers: ['member'],
    data: z.object({ memberId }),
  },
  'member.claim_code_issued': {
    description:
      'A new claim code was issued for the member (recovery); earlier unused codes stopped working.',
    receivers: ['member'],
    data: z.object({
      memberId,
      issuedBy: z.enum(['partner', 'operator']).meta({ description: 'Who issued it.', example: 'partner' }),
      partnerId: partnerId.nullable(),
      expiresAt: time('When the code stops working.'),
    }),
  },
  'member.passkey_added': {
    description: 'The member registered a passkey.',
    receivers: ['member'],
    data: z.object({ memberId, passkeyId: id('pkey', 'The passkey.') }),
  },
  'member.passkey_removed': {
    description: 'The member removed a passkey; the sessions it signed in ended.',
    receivers: ['member'],
    data: z.object({ memberId, passkeyId: id('pkey', 'The passkey.') }),
  },
  'member.profile_changed': {
    description: 'The member changed their profile (the event names the fields, never their values).',
    receivers: ['member'],
    data: z.object({
      memberId,
      fields: z
        .array(z.string().meta({ description: 'A profile field.', example: 'displayName' }))
        .meta({ description: 'The fields that changed.' }),
    }),
  },
  'member.merged': {
    description:
      "A member merged a second membership of theirs into this one: the absorbed id is no longer used, its points, lots, qualifying credits, debts and links are the surviving membership's. Partners that knew the absorbed id receive it, to use the surviving one.",
    receivers: ['partner', 'member'],
    data: z.object({
      memberId: id('mem', 'The surviving membership.'),
      absorbedMemberId: id(
        'mem',
        'The membership merged into it; refused from now on (409 `member_merged`).',
      ),
      transactionId: id('txn', 'The merge, in the surviving member’s activity.'),
      points: points('Points moved with their lots.', 1200),
    }),
  },
  'member.linked': {
    description:
      "A partner linked its own card number to a member who showed their coalition card (a pay code from the member's wallet).",
    receivers: ['partner', 'member'],
    data: z.object({
      memberId,
      partnerId,
      externalReference: text(
        "The partner's card number, now found by `GET /v1/members?externalReference=`.",
        'HOTEL-77120',
      ),
    }),
  },
  'member.erased': {
    description:
      'The member erased their personal data: the id stays in the ledger as a pseudonym, the card number is gone, and the membership takes no more points. Sent to every partner that enrolled the member or had a transaction with them; delete what you keep about the member.',
    receivers: ['partner'],
    data: z.object({
      memberId,
      erasedAt: time('When the data was erased.'),
      pointsForfeited: points('Points the member gave up to breakage (0 when the wallet was empty).', 0),
    }),
  },
  'consent.changed': {
    description:
      'A member changed what a partner may do beyond the transaction itself; the partner applies it at once.',
    receivers: ['partner', 'member'],
    data: z.object({
      memberId,
      partnerId,
      profile: z
        .boolean()
        .meta({ description: 'The partner may see their name and contact.', example: false }),
      tier: z.boolean().meta({ description: 'The partner may see their network tier.', example: true }),
      balance: z
        .boolean()
        .meta({ description: 'The partner may read their balance without their pay code.', example: true }),
      messages: z.boolean().meta({ description: 'The partner may message them.', example: true }),
    }),
  },
  'message.delivered': {
    description: "A message arrived in the member's inbox, from a partner or from the network.",
    receivers: ['member'],
    data: z.object({
      messageId: id('msg', 'The message.'),
      memberId,
      partnerId: partnerId
        .nullable()
        .meta({ description: "The partner that sent it; null for the network's own." }),
      topic: text('What it is about: offers, news, events, status or choices.', 'offers'),
      title: text('Its title.', 'Double points this weekend'),
    }),
  },
  'transaction.earned': {
    description: 'Points were earned and credited (a posted earn).',
    receivers: ['partner', 'member'],
    data: z.object({
      transactionId,
      partnerId,
      memberId,
      points: points('Points earned.'),
      pointsRepaid: points('Of them, points that repaid what the member owed.'),
      amount: money,
      externalReference,
    }),
  },
  'transaction.held': {
    description: 'Points are pending on a hold (a stay, an order that can still be cancelled).',
    receivers: ['partner', 'member'],
    data: z.object({
      transactionId,
      partnerId,
      memberId,
      points: points('Points pending.'),
      amount: money,
      expiresAt: time('When the hold lapses if not captured.'),
    }),
  },
  'transaction.captured': {
    description: 'A hold was captured, fully or in part: its points are credited.',
    receivers: ['partner', 'member'],
    data: z.object({
      transactionId,
      partnerId,
      memberId,
      points: points('Points credited.'),
      pointsRepaid: points('Of them, points that repaid what the member owed.'),
      amount: money,
    }),
  },
  'transaction.voided': {
    description: 'A hold was voided: nothing is credited.',
    receivers: ['partner', 'member'],
    data: z.object({ transactionId, partnerId, memberId }),
  },
  'transaction.hold_expired': {
    description: 'A hold lapsed without being captured.',
    receivers: ['partner', 'member'],
    data: z.object({ transactionId, partnerId, memberId }),
  },
  'transaction.reversed': {
    description: 'An earn was refunded: its points, in proportion, are taken back (or owed).',
    receivers: ['partner', 'member'],
    data: z.object({
      transactionId,
      originalTransactionId: transactionId,
      partnerId,
      memberId,
      points: points('Points the refund takes back.'),
      pointsOwed: points('Of them, points the wallet no longer held: owed, repaid by later earnings.'),
      amount: money,
    }),
  },
  'transaction.redeemed': {
    description: 'Points were spent at a partner.',
    receivers: ['partner', 'member'],
    data: z.object({
      transactionId,
      partnerId,
      memberId,
      points: points('Points spent.'),
      value: money,
      draws,
    }),
  },
  'transaction.redemption_returned': {
    description: 'Points of a redemption were given back into the lots they came from.',
    receivers: ['partner', 'member'],
    data: z.object({
      transactionId,
      originalTransactionId: transactionId,
      partnerId,
      memberId,
      points: points('Points given back.'),
      restored: z
        .array(z.object({ memberId, points: points('Points back in this wallet.') }))
        .meta({ description: 'The wallets the points went back to.' }),
    }),
  },
  'goodwill.credited': {
    description: 'The network gave a member points from its promotions budget.',
    receivers: ['member'],
    data: z.object({
      transactionId,
      memberId,
      points: points('Points given.'),
      reason: text('Why the network gave them.', 'Sorry for the delayed refund'),
    }),
  },
  'status.changed': {
    description: "A member's status changed: a tier reached, kept for longer, or left; with its reason.",
    receivers: ['member'],
    data: z.object({
      memberId,
      from: tierCode
        .nullable()
        .meta({ description: 'The tier before; null without one.', example: 'silver' }),
      to: tierCode.nullable().meta({ description: 'The tier now; null without one.', example: 'gold' }),
      validUntil: time('Until when the status holds; null for life or without a tier.').nullable(),
      basis: text(
        'Why the member holds it: qualified, retained, soft_landing, grace, lifetime, trial, challenge, none.',
        'qualified',
      ),
      cause: text('What changed it: earn, capture, refund, gap_gift, challenge, review.', 'earn'),
      explanation: text(
        'The reason in one sentence.',
        'Gold until 31 Dec 2027: 3,240 qualifying credits between 1 Jan 2026 and 31 Dec 2026.',
      ),
    }),
  },
  'tier.expiring': {
    description:
      'A notice, TIER_EXPIRY_NOTICE_DAYS ahead, that a tier will drop unless more credits qualify.',
    receivers: ['member'],
    data: z.object({
      memberId,
      tier: tierCode,
      downgradeAt: time('When the tier drops if nothing more qualifies.'),
      to: tierCode
        .nullable()
        .meta({ description: 'The tier it drops to; null for none.', example: 'silver' }),
      creditsToKeep: points('Qualifying credits that keep the tier, counting from the window start.', 120),
      by: time('The moment by which they must be earned.'),
    }),
  },
  'tier.bonus_credited': {
    description: "A tier's earn multiplier credited bonus points with an earn.",
    receivers: ['partner', 'member'],
    data: z.object({
      transactionId,
      earnTransactionId: transactionId,
      partnerId,
      memberId,
      tier: tierCode.nullable().meta({
        description: "The member's tier; null to a partner without the member's `tier` consent.",
        example: 'gold',
      }),
      points: points('Bonus points credited.', 125),
      fundedBy: z.enum(['network', 'partner']).meta({
        description: "Who pays for them: the network's promotions budget or the partner.",
        example: 'network',
      }),
    }),
  },
  'tier.bonus_reversed': {
    description: 'A refund of an earn took back its tier bonus, in proportion.',
    receivers: ['partner', 'member'],
    data: z.object({
      transactionId,
      bonusTransactionId: transactionId,
      partnerId,
      memberId,
      points: points('Bonus points taken back from the wallet.', 25),
      pointsWrittenOff: points('Bonus points already spent: not taken back, not owed.', 0),
    }),
  },
  'gratitude.gift_given': {
    description: 'The network gave a member the last qualifying credits (and points) to a tier.',
    receivers: ['member'],
    data: z.object({
      memberId,
      giftId: id('gft', 'The gift.'),
      transactionId: transactionId.nullable().meta({
        description: 'The gap_gift transaction of the points; null when the gift gave credits only.',
        example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
      }),
      tier: tierCode,
      credits: points('Qualifying credits given.', 50),
      points: points('Points given with them.', 50),
      message: text('What the member is told.', 'We added the last 50 — welcome to Gold'),
    }),
  },
  'gratitude.goal_gift_given': {
    description: 'The network gave a member the last points to the catalogue item they save for.',
    receivers: ['member'],
    data: z.object({
      memberId,
      giftId: id('gft', 'The goal gift.'),
      transactionId,
      itemId,
      points: points('Points given.', 40),
      message: text(
        'What the member is told.',
        'We added the last 40 points — your cooking class is yours to book',
      ),
    }),
  },
  'points.expiring': {
    description: 'A notice, once per lot, that its points will expire (EXPIRY_NOTICE_DAYS ahead).',
    receivers: ['member'],
    data: z.object({
      memberId,
      lotId: id('lot', 'The lot.'),
      points: points('Points that will expire unless spent.'),
      expiresAt: time('When they expire.'),
    }),
  },
  'points.expired': {
    description: "A member's points expired into breakage.",
    receivers: ['member'],
    data: z.object({ memberId, points: points('Points expired.'), lots: points('Lots they came from.', 2) }),
  },
  'catalogue_item.reviewed': {
    description: "The operator approved a partner's catalogue item (members see it) or rejected it.",
    receivers: ['partner'],
    data: z.object({
      itemId,
      partnerId,
      decision: z.enum(['approved', 'rejected']).meta({ description: 'The decision.', example: 'approved' }),
    }),
  },
  'reservation.created': {
    description: 'A member reserved a catalogue item: its points are held and a seat or unit is taken.',
    receivers: ['partner', 'member'],
    data: z.object({
      reservationId,
      transactionId,
      itemId,
      memberId,
      fulfiller,
      points: points('Points held.', 3000),
      draws,
      selectionId: selectionId.nullable(),
      lapsesAt: time('When it lapses unless the fulfiller confirms it.'),
    }),
  },
  'reservation.fulfilled': {
    description:
      "The fulfiller confirmed a reservation: its points are captured; the fulfiller is owed the item's settlement price.",
    receivers: ['partner', 'member'],
    data: z.object({
      reservationId,
      transactionId,
      itemId,
      memberId,
      fulfiller,
      points: points('Points captured.', 3000),
    }),
  },
  'reservation.cancelled': {
    description:
      'A reservation was cancelled: its points are back in the lots they came from, its seat is free.',
    receivers: ['partner', 'member'],
    data: z.object({
      reservationId,
      transactionId,
      itemId,
      memberId,
      fulfiller,
      points: points('Points given back.', 3000),
      restored,
      cancelledBy: z
        .enum(['partner', 'member', 'operator'])
        .meta({ description: 'Who cancelled it.', example: 'partner' }),
    }),
  },
  'reservation.lapsed': {
    description:
      'A reservation was not confirmed in time: its points are back in their lots, its seat is free.',
    receivers: ['partner', 'member'],
    data: z.object({
      reservationId,
      transactionId,
      itemId,
      memberId,
      fulfiller,
      points: points('Points given back.', 3000),
      restored,
    }),
  },
  'selection.invited': {
    description: 'A member is invited to a yearly choice: choose an experience before it closes.',
    receivers: ['member'],
    data: z.object({
      selectionId,
      memberId,
      name: text('What the operator called it.', 'Experiences 2027'),
      closesAt: time('When the window closes.'),
    }),
  },
  'selection.closed': {
    description: 'A yearly choice closed: every member of its cohort has their one outcome.',
    receivers: [],
    data: z.object({
      selectionId,
      members: points('Members in the cohort.', 240),
      chose: points('Members who chose an experience.', 61),
      giftCards: points('Members who received a gift card.', 170),
      nothing: points('Members with no points to convert.', 9),
    }),
  },
  'gift_card.issued': {
    description: 'A member received a coalition gift card worth their points: it is money at any partner.',
    receivers: ['member'],
    data: z.object({
      giftCardId,
      memberId,
      selectionId,
      transactionId,
      points: points('Points converted.', 4200),
      amount: money,
      expiresAt: time('When it expires; null: never.').nullable(),
    }),
  },
  'gift_card.spent': {
    description: 'A partner took payment with a gift card.',
    receivers: ['partner', 'member'],
    data: z.object({ giftCardId, spendId: movementId, partnerId, memberId, amount: money, balance: money }),
  },
  'gift_card.refunded': {
    description: 'A partner refunded a gift card payment onto the card.',
    receivers: ['partner', 'member'],
    data: z.object({
      giftCardId,
      refundId: movementId,
      spendId: movementId,
      partnerId,
      memberId,
      amount: money,
      balance: money,
    }),
  },
  'pool.created': {
    description: 'A household or friends pool was created.',
    receivers: ['member'],
    data: z.object({
      poolId,
      kind: z
        .enum(['household', 'friends'])
        .meta({ description: 'A household or friends.', example: 'household' }),
      ownerMemberId: memberId,
    }),
  },
  'pool.member_joined': {
    description: 'A member joined a pool.',
    receivers: ['member'],
    data: z.object({ poolId, memberId }),
  },
  'pool.member_left': {
    description: 'A member left a pool, or the owner removed them.',
    receivers: ['member'],
    data: z.object({ poolId, memberId, removedBy: memberId }),
  },
  'pool.pledge_changed': {
    description: 'A member changed what the pool may draw from their wallet.',
    receivers: ['member'],
    data: z.object({
      poolId,
      memberId,
      pledge: z
        .union([z.literal('all'), z.number().int()])
        .meta({ description: '`all`, or a cap in points.', example: 500 }),
    }),
  },
  'pool.redeemed': {
    description: 'A redemption drew on a pool.',
    receivers: ['member'],
    data: z.object({
      poolId,
      transactionId,
      redeemerMemberId: memberId,
      partnerId,
      points: points('Points drawn from the pool.'),
      draws,
    }),
  },
  'pool.dissolved': {
    description: 'The owner dissolved a pool; every wallet stays whole.',
    receivers: ['member'],
    data: z.object({ poolId }),
  },
  'settlement.closed': {
    description: 'The operator closed a period.',
    receivers: [],
    data: z.object({
      settlementId,
      number: points('The settlement number.', 7),
      fromSequence: points('Transfers above this sequence…', 1200),
      toSequence: points('…up to this one.', 1875),
    }),
  },
  'statement.available': {
    description: "A partner's signed statement of a closed period is ready.",
    receivers: ['partner'],
    data: z.object({
      settlementId,
      partnerId,
      net: money.meta({ description: 'The net in the settlement currency; positive: the partner pays.' }),
      direction: z
        .enum(['partner_pays', 'network_pays', 'nothing_due'])
        .meta({ description: 'Who pays whom.', example: 'partner_pays' }),
    }),
  },
  'statement.acknowledged': {
    description: 'A partner acknowledged its statement.',
    receivers: ['partner'],
    data: z.object({ settlementId, partnerId }),
  },
  'statement.disputed': {
    description: 'A partner disputed lines of its statement.',
    receivers: ['partner'],
    data: z.object({
      settlementId,
      partnerId,
      disputeId: id('dsp', 'The dispute.'),
      lines: points('Lines disputed.', 1),
    }),
  },
  'dispute.resolved': {
    description: 'The operator accepted (with an adjustment for the next period) or rejected a dispute.',
    receivers: ['partner'],
    data: z.object({
      settlementId,
      partnerId,
      disputeId: id('dsp', 'The dispute.'),
      status: z.enum(['accepted', 'rejected']).meta({ description: 'The decision.', example: 'accepted' }),
    }),
  },
  'payment.recorded': {
    description: 'The operator recorded a payment of a statement.',
    receivers: ['partner'],
    data: z.object({
      settlementId,
      partnerId,
      reference: text('The bank or transfer reference.', 'SEPA-2026-12-0042'),
      amount: money,
    }),
  },
  'partner.suspended': {
    description: 'A partner was suspended: its tokens are refused.',
    receivers: ['partner'],
    data: z.object({ partnerId }),
  },
  'partner.reactivated': {
    description: 'A suspended partner was reactivated.',
    receivers: ['partner'],
    data: z.object({ partnerId }),
  },
  'partner_key.added': {
    description: 'A public key was registered for a partner.',
    receivers: ['partner'],
    data: z.object({ partnerId, kid: text('The key id.', 'harbor-2026-11') }),
  },
  'partner_key.removed': {
    description: 'A partner key was removed: tokens it signs are refused.',
    receivers: ['partner'],
    data: z.object({ partnerId, kid: text('The key id.', 'harbor-2026-11') }),
  },
  'webhook_endpoint.disabled': {
    description:
      'Tessera disabled a webhook endpoint: it answered 410 Gone, or every delivery failed for WEBHOOK_DISABLE_AFTER_DAYS.',
    receivers: ['partner'],
    data: z.object({
      endpointId: id('whe', 'The webhook endpoint.'),
      partnerId: partnerId
        .nullable()
        .meta({ description: "The partner that owns it; null for the operator's." }),
      reason: z
        .enum(['gone', 'failing'])
        .meta({ description: '`gone`: it answered 410; `failing`: it failed for days.', example: 'failing' }),
      failingSince: time('When its deliveries started failing.').nullable(),
    }),
  },
} as const satisfies Record<string, EventTypeEntry>;

export type EventType = keyof typeof EVENT_TYPES;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_TYPES)[T]['data']>;

export const eventTypes = Object.keys(EVENT_TYPES) as [EventType, ...EventType[]];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPES, type);
}

/** The version of every event's `data` shape; a change that is not an addition is a new version. */
export const EVENT_VERSION = 1;

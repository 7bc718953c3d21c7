import { z } from '@hono/zod-openapi';
import { transactionKinds } from '../../domain/ledger/kinds.js';
import { formatMoney } from '../../domain/money.js';
import { type ActivityEntry, walletEffect } from '../../ledger/balance.js';
import { isoTime, moneySchema, orNull, pageQuery, timestamp } from '../schemas.js';

/** One entry of a member's activity: what the member reads, and what support reads for them. */
export const activityEntrySchema = z
  .object({
    id: z.string().openapi({ description: 'Transaction id.', example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    kind: z.enum(transactionKinds).openapi({ description: 'What happened.', example: 'earn' }),
    status: z.string().openapi({ description: 'Transaction status.', example: 'posted' }),
    partner: z
      .object({
        id: z.string().openapi({ description: 'Partner id.', example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
        name: z.string().openapi({ description: 'Partner name.', example: 'Harbor Hotel San Diego' }),
        sector: z.string().openapi({ description: 'Sector.', example: 'hotel' }),
        country: z.string().openapi({ description: 'Country.', example: 'US' }),
      })
      .nullable()
      .openapi({ description: 'Where it happened; null when no partner was behind it.' }),
    label: z.string().optional().openapi({
      description:
        'Present when no partner was behind it: what it was and why, e.g. "Goodwill from the network: Delayed refund".',
      example: 'Goodwill from the network: Delayed refund',
    }),
    amount: orNull(moneySchema, 'The original amount and currency, when there was one.'),
    points: z.number().int().openapi({
      description:
        'Signed effect on the wallet: positive for an earn, negative for a redemption or a refund; 0 while a hold is pending.',
      example: 92,
    }),
    pendingPoints: z
      .number()
      .int()
      .openapi({ description: 'Points a pending hold would credit.', example: 0 }),
    createdAt: timestamp('When it happened'),
  })
  .openapi('ActivityEntry');

export const activityPageSchema = z
  .object({
    data: z.array(activityEntrySchema).openapi({ description: 'Newest first.' }),
    nextCursor: z.string().nullable().openapi({
      description: 'Pass as `cursor` for the next page; null at the end.',
      example: null,
    }),
  })
  .openapi('ActivityPage');

export const activityQuery = z.object(pageQuery);

export type ActivityPage = z.infer<typeof activityPageSchema>;

/** One page of activity from `limit + 1` entries read newest first: the extra one says more follow. */
export function activityPage(entries: readonly ActivityEntry[], limit: number): ActivityPage {
  const page = entries.slice(0, limit);
  return {
    data: page.map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      status: entry.status,
      partner: entry.partner,
      ...(entry.label === null ? {} : { label: entry.label }),
      amount:
        entry.amountMinor === null || entry.currency === null
          ? null
          : formatMoney({ amountMinor: BigInt(entry.amountMinor), currency: entry.currency }),
      points: walletEffect(entry),
      pendingPoints: entry.status === 'pending' ? entry.points : 0,
      createdAt: isoTime(entry.createdAt),
    })),
    nextCursor: entries.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

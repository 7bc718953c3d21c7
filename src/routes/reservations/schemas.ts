import { z } from '@hono/zod-openapi';
import { RESERVATION_STATUSES } from '../../db/schema/index.js';
import { idParam, moneySchema, timestamp } from '../schemas.js';

export const reservationSchema = z
  .object({
    id: z.string().openapi({ description: 'Reservation id.', example: 'rsv_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    itemId: z
      .string()
      .openapi({ description: 'The item reserved.', example: 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    memberId: z
      .string()
      .openapi({ description: 'Who reserved it.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    transactionId: z.string().openapi({
      description: "Its transaction in the member's activity.",
      example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    fulfiller: z.string().openapi({
      description: 'The partner that fulfils it, or `network`.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    points: z
      .number()
      .int()
      .openapi({ description: 'Points held, then captured or given back.', example: 3000 }),
    settlementPrice: moneySchema.openapi({
      description: 'What the network pays the fulfiller when it is fulfilled.',
    }),
    selectionId: z.string().nullable().openapi({
      description: 'The yearly choice it answers, if any.',
      example: 'sel_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    status: z.enum(RESERVATION_STATUSES).openapi({
      description:
        '`reserved` (points held), `fulfilled`, `cancelled` or `lapsed` (points back in their lots).',
      example: 'reserved',
    }),
    lapsesAt: timestamp('When it lapses unless the fulfiller confirms it'),
    createdAt: timestamp('Reserved'),
    resolvedAt: timestamp('Fulfilled, cancelled or lapsed').nullable(),
    resolvedBy: z
      .string()
      .nullable()
      .openapi({ description: 'Who resolved it: partner, member, operator or sweep.', example: null }),
  })
  .openapi('Reservation');

export const reservationIdParams = z.object({
  reservationId: idParam('reservationId', 'rsv', 'rsv_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
});

import { z } from '@hono/zod-openapi';
import { idParam, moneySchema, timestamp } from '../schemas.js';

export const giftCardSchema = z
  .object({
    id: z.string().openapi({ description: 'Gift card id.', example: 'gft_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    memberId: z
      .string()
      .openapi({ description: 'Whose card it is.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    balance: moneySchema.openapi({ description: 'What is left to spend.' }),
    issued: moneySchema.openapi({ description: 'What it was issued for.' }),
    codeHint: z.string().nullable().openapi({
      description: 'The last four characters of its code; null until the member asks for one.',
      example: 'K3T9',
    }),
    selectionId: z.string().nullable().openapi({
      description: 'The yearly choice that issued it.',
      example: 'sel_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    points: z.number().int().openapi({ description: 'Points it was made of.', example: 4200 }),
    expiresAt: timestamp('When it expires; null: never').nullable(),
    expired: z.boolean().openapi({ description: 'Whether it has expired.', example: false }),
    createdAt: timestamp('Issued'),
  })
  .openapi('GiftCard');

export const paymentSchema = z
  .object({
    id: z
      .string()
      .openapi({ description: 'Payment or refund id.', example: 'gcm_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    giftCardId: giftCardSchema.shape.id,
    kind: z
      .enum(['issue', 'spend', 'refund', 'expiry'])
      .openapi({ description: 'A payment (`spend`) or a `refund`.', example: 'spend' }),
    amount: moneySchema.openapi({ description: 'How much, in the card currency.' }),
    refunded: moneySchema.openapi({ description: 'For a payment: how much of it was refunded.' }),
    balance: moneySchema.openapi({ description: 'The card balance after it.' }),
    spendId: z
      .string()
      .nullable()
      .openapi({ description: 'For a refund: the payment it gives back.', example: null }),
    externalReference: z
      .string()
      .nullable()
      .openapi({ description: 'Your receipt or order number.', example: 'receipt-20270212-0042' }),
    createdAt: timestamp('When'),
  })
  .openapi('GiftCardPayment');

export const codeField = z.string().min(1).max(64).openapi({
  description: 'The code the member presents (case, spaces and dashes do not matter).',
  example: 'Q4ZK-7M2P-WX9D-E3HA-K3T9',
});

export const amountBody = {
  amount: moneySchema.openapi({ description: 'In the card currency.' }),
  externalReference: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Your receipt or order number.', example: 'receipt-20270212-0042' }),
};

export const giftCardIdParams = z.object({
  giftCardId: idParam('giftCardId', 'gft', 'gft_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
});
export const paymentIdParams = z.object({
  paymentId: idParam('paymentId', 'gcm', 'gcm_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
});

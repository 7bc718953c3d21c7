import { z } from '@hono/zod-openapi';

/** Building blocks shared by the route contracts. */

export const decimalString = (description: string, example: string) =>
  z
    .string()
    .max(40)
    .regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string such as "1.25"')
    .openapi({ description, example });

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"')
  .openapi({ description: 'ISO 4217 currency code.', example: 'EUR' });

export const moneySchema = z
  .object({
    amount: z
      .string()
      .max(40)
      .regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "123.45"')
      .openapi({
        description: 'Decimal string, at most as many decimals as the currency allows.',
        example: '123.45',
      }),
    currency: currencyCode,
  })
  .openapi('Money', { description: 'An exact amount of money: a decimal string and its currency.' });

export const timestamp = (description: string) =>
  z.string().openapi({ description: `${description} (RFC 3339, UTC).`, example: '2026-11-23T09:30:00.000Z' });

export const idParam = (name: string, prefix: string, example: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name, in: 'path' }, description: `A ${prefix}_ id.`, example });

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ description: 'Items per page, 1 to 200.', example: 50 }),
  cursor: z.string().max(200).optional().openapi({
    description: 'The `nextCursor` of the previous page.',
    example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  }),
};

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().openapi({
    description:
      'Required on every partner write: a unique key per logical operation (1-255 printable ASCII characters). A retry with the same key and body returns the original response.',
    example: 'order-4711-earn',
  }),
});

export const optionalIdempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().openapi({
    description:
      'Optional: a unique key per logical operation (1-255 printable ASCII characters). A retry with the same key and body returns the original response and changes nothing again.',
    example: 'pledge-2026-11-27-1',
  }),
});

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

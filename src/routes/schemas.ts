import { z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_PATTERN } from '../http/writes.js';

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

/** An Idempotency-Key as sent; an empty header counts as none. */
const idempotencyKey = (description: string, example: string) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(IDEMPOTENCY_KEY_PATTERN, 'must be 1 to 255 printable ASCII characters without spaces')
      .openapi({ description, example }),
  );

/**
 * The Idempotency-Key of a write whose policy is `required` (`write(c, 'required', …)`): the
 * document marks it required, and a request without it is 400 `idempotency_key_missing` (the
 * router's validation hook says so rather than `validation_failed`).
 */
export const idempotencyHeaders = z.object({
  'idempotency-key': idempotencyKey(
    'Required: a unique key per logical operation (1-255 printable ASCII characters). A retry with the same key and body returns the original response.',
    'order-4711-earn',
  ),
});

/** The Idempotency-Key of a write whose policy is `optional`. */
export const optionalIdempotencyHeaders = z.object({
  'idempotency-key': idempotencyKey(
    'Optional: a unique key per logical operation (1-255 printable ASCII characters). A retry with the same key and body returns the original response and changes nothing again.',
    'pledge-2026-11-27-1',
  ).optional(),
});

/**
 * A registered schema, or null, for responses. `schema.nullable()` would copy the component's
 * name onto the nullable copy, and whichever the generator met first would define the component:
 * `Money` accepted null in request bodies that way. A union leaves the component as it is.
 */
export const orNull = <T extends z.ZodType>(schema: T, description: string) =>
  z.union([schema, z.null()]).openapi({ description });

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

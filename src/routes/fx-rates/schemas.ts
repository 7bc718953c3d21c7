import { z } from '@hono/zod-openapi';
import type { FxSnapshot } from '../../domain/fx.js';
import { currencyCode, isoTime, timestamp } from '../schemas.js';

const EXAMPLE_RATES = { USD: '1.0850', CZK: '25.31', JPY: '162.45' };

export const ratesSchema = z
  .record(
    z.string().openapi({ description: 'ISO 4217 currency code.', example: 'USD' }),
    z
      .string()
      .max(40)
      .regex(/^\d+(\.\d+)?$/, 'must be a positive decimal string such as "1.0850"')
      .openapi({
        description: 'Units of this currency worth 1 unit of the reference currency; at most 12 decimals.',
        example: '1.0850',
      }),
  )
  .openapi({
    description:
      'Currency code -> units of that currency per 1 unit of the reference currency. The reference currency is 1 by definition.',
    example: EXAMPLE_RATES,
  });

export const fxSnapshotSchema = z
  .object({
    id: z.string().openapi({
      description: 'Snapshot id; every transaction records the snapshot it was converted with.',
      example: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    referenceCurrency: currencyCode.openapi({
      description: 'The network reference currency the rates are quoted against.',
      example: 'EUR',
    }),
    asOf: timestamp('The market time the rates are valid for'),
    createdAt: timestamp('When the snapshot was published'),
    rates: ratesSchema,
  })
  .openapi('FxSnapshot', { description: 'An immutable set of FX rates published by the operator.' });

export type FxSnapshotResponse = z.infer<typeof fxSnapshotSchema>;

export function toFxSnapshotResponse(snapshot: FxSnapshot): FxSnapshotResponse {
  return {
    id: snapshot.id,
    referenceCurrency: snapshot.referenceCurrency,
    asOf: isoTime(snapshot.asOfMs),
    createdAt: isoTime(snapshot.createdAtMs),
    rates: { ...snapshot.rates },
  };
}

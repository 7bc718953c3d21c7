import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { runBatch } from '../../db/database.js';
import { insertFxSnapshotStatement } from '../../db/fx.js';
import { isDomainError } from '../../domain/errors.js';
import { checkAsOf, checkPublishedRates, FX_SNAPSHOT_MAX_RATES, type FxSnapshot } from '../../domain/fx.js';
import { audited } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { fxSnapshotSchema, ratesSchema, toFxSnapshotResponse } from './schemas.js';

export const publishFxRatesBody = z
  .object({
    asOf: z.iso
      .datetime({ offset: true, message: 'must be an RFC 3339 time such as "2026-11-23T09:00:00Z"' })
      .optional()
      .openapi({
        description:
          'Market time the rates are valid for (RFC 3339); defaults to now, at most 5 minutes ahead.',
        example: '2026-11-23T09:00:00Z',
      }),
    rates: ratesSchema
      .refine((rates) => {
        const count = Object.keys(rates).length;
        return count >= 1 && count <= FX_SNAPSHOT_MAX_RATES;
      }, `must list from 1 to ${FX_SNAPSHOT_MAX_RATES} currencies`)
      .openapi({ minProperties: 1, maxProperties: FX_SNAPSHOT_MAX_RATES }),
  })
  .strict()
  .openapi('PublishFxRates');

export const route = createRoute({
  method: 'put',
  path: '/v1/fx-rates',
  tags: ['Operator: FX rates'],
  summary: 'Publish an FX snapshot',
  description:
    'Publishes a new immutable snapshot of rates against the reference currency (`1 REF = rate CUR`). Snapshots are kept forever; the one with the newest `asOf` is used for new transactions.',
  ...accepts('operator'),
  request: { body: { required: true, content: { 'application/json': { schema: publishFxRatesBody } } } },
  responses: {
    201: {
      description: 'The new snapshot.',
      headers: z.object({
        location: z.string().openapi({
          description: 'Where the snapshot can be read.',
          example: '/v1/fx-rates/fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
        }),
      }),
      content: { 'application/json': { schema: fxSnapshotSchema } },
    },
    ...errorResponses(
      'unauthorized',
      'invalid_token',
      'unknown_currency',
      'invalid_amount',
      'too_many_decimals',
    ),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { db, ids, clock, config } = c.get('deps');
  const now = clock();
  const asOfMs = body.asOf === undefined ? now : Date.parse(body.asOf);
  const asOfError = checkAsOf(asOfMs, now);
  if (asOfError) fail(asOfError);
  const rates = checkPublishedRates(body.rates, config.referenceCurrency);
  if (isDomainError(rates)) fail(rates);
  const snapshot: FxSnapshot = {
    id: ids('fx'),
    referenceCurrency: config.referenceCurrency,
    asOfMs,
    createdAtMs: now,
    rates,
  };
  const summary = {
    referenceCurrency: snapshot.referenceCurrency,
    asOf: new Date(asOfMs).toISOString(),
    rates,
  };
  await runBatch(db, [
    insertFxSnapshotStatement(db, snapshot),
    audited(c, { action: 'fx.publish', target: snapshot.id, summary }),
  ]);
  c.header('location', `/v1/fx-rates/${snapshot.id}`);
  return c.json(toFxSnapshotResponse(snapshot), 201);
};

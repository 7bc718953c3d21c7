import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { FX_SNAPSHOT_MAX_RATES } from '../../domain/fx.js';
import { PUBLISH_RATES_REFUSALS, planPublishRates } from '../../fx/publish.js';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
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
  .openapi('PublishFxRates', { example: { rates: { USD: '1.0850', CZK: '25.320', GBP: '0.8600' } } });

export const route = createRoute({
  method: 'put',
  path: '/v1/fx-rates',
  operationId: 'publishFxRates',
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
    ...errorResponses(...WRITE_ERRORS, ...PUBLISH_RATES_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const request = { rates: body.rates, asOfMs: body.asOf === undefined ? undefined : Date.parse(body.asOf) };
  const outcome = await write(c, 'none', body, () =>
    planPublishRates(c.get('deps'), request, auditHook(c, 'fx.publish')),
  );
  c.header('location', `/v1/fx-rates/${outcome.body.id}`);
  return c.json(toFxSnapshotResponse(outcome.body), 201);
};

import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { latestFxSnapshot } from '../../db/fx.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { fxSnapshotSchema, toFxSnapshotResponse } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/fx-rates',
  operationId: 'getLatestFxRates',
  tags: ['Operator: FX rates'],
  summary: 'The FX snapshot in force',
  description:
    'The snapshot with the newest `asOf` (of equal `asOf`, the last published): the one new transactions convert with.',
  ...accepts('operator'),
  responses: {
    200: {
      description: 'The latest snapshot.',
      content: { 'application/json': { schema: fxSnapshotSchema } },
    },
    ...errorResponses('unauthorized', 'invalid_token', 'fx_snapshot_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const snapshot = await latestFxSnapshot(c.get('deps').db);
  if (snapshot === undefined)
    fail({
      code: 'fx_snapshot_not_found',
      detail: 'No FX snapshot has been published yet; PUT /v1/fx-rates publishes one.',
    });
  return c.json(toFxSnapshotResponse(snapshot), 200);
};

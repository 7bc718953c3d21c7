import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { findFxSnapshot } from '../../db/fx.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { idParam } from '../schemas.js';
import { fxSnapshotSchema, toFxSnapshotResponse } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/fx-rates/{snapshotId}',
  operationId: 'getFxSnapshot',
  tags: ['Operator: FX rates'],
  summary: 'One FX snapshot',
  description: 'Any snapshot ever published, for example the one a transaction or statement recorded.',
  ...accepts('operator'),
  request: { params: z.object({ snapshotId: idParam('snapshotId', 'fx', 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q') }) },
  responses: {
    200: { description: 'The snapshot.', content: { 'application/json': { schema: fxSnapshotSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'fx_snapshot_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { snapshotId } = c.req.valid('param');
  const snapshot = await findFxSnapshot(c.get('deps').db, snapshotId);
  if (snapshot === undefined)
    fail({ code: 'fx_snapshot_not_found', detail: `There is no FX snapshot ${JSON.stringify(snapshotId)}.` });
  return c.json(toFxSnapshotResponse(snapshot), 200);
};

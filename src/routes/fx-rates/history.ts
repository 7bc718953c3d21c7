import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { findFxSnapshot, listFxSnapshots } from '../../db/fx.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { pageQuery } from '../schemas.js';
import { fxSnapshotSchema, toFxSnapshotResponse } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/fx-rates/history',
  operationId: 'listFxSnapshots',
  tags: ['Operator: FX rates'],
  summary: 'Every FX snapshot, newest first',
  description:
    'Ordered like `GET /v1/fx-rates`: by `asOf`, then publication, newest first; so the first entry is the snapshot in force.',
  ...accepts('operator'),
  request: {
    query: z.object({
      limit: pageQuery.limit,
      cursor: pageQuery.cursor.openapi({ example: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    }),
  },
  responses: {
    200: {
      description: 'A page of snapshots.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z.array(fxSnapshotSchema).openapi({ description: 'Snapshots, newest first.' }),
              nextCursor: z.string().nullable().openapi({
                description: 'Pass as `cursor` for the next page; null on the last page.',
                example: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
              }),
            })
            .openapi('FxSnapshotPage'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const { db } = c.get('deps');
  // An unknown cursor would silently read as the end of the list; say so instead.
  if (cursor !== undefined && (await findFxSnapshot(db, cursor)) === undefined) {
    const message = 'is not the nextCursor of a previous page';
    fail({
      code: 'validation_failed',
      detail: `query.cursor: ${message}`,
      extensions: { errors: [{ path: 'query.cursor', message }] },
    });
  }
  const rows = await listFxSnapshots(db, limit + 1, cursor);
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? (page[page.length - 1]?.id ?? null) : null;
  return c.json({ data: page.map(toFxSnapshotResponse), nextCursor }, 200);
};

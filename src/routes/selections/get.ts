import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { findSelection, outcomeCounts } from '../../db/selections.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { selectionView } from '../../selections/views.js';
import { selectionIdParams, selectionSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/selections/{selectionId}',
  operationId: 'getSelection',
  tags: ['Operator: yearly choice'],
  summary: 'A yearly choice and its outcomes',
  description:
    'The cohort, the window, and how many members chose, received a gift card, or are still undecided.',
  ...accepts('operator'),
  request: { params: selectionIdParams },
  responses: {
    200: { description: 'The yearly choice.', content: { 'application/json': { schema: selectionSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'selection_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { selectionId } = c.req.valid('param');
  const { db } = c.get('deps');
  const row = await findSelection(db, selectionId);
  if (row === undefined)
    fail({ code: 'selection_not_found', detail: `Yearly choice ${selectionId} does not exist.` });
  return c.json(selectionView(row, await outcomeCounts(db, selectionId)), 200);
};

import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { CLOSE_REFUSALS, closeSelection } from '../../selections/close.js';
import { selectionIdParams, selectionSchema } from './schemas.js';

/** Batches one request decides at most: a large cohort is closed by calling again until `closed`. */
const BATCHES_PER_REQUEST = 40;

export const route = createRoute({
  method: 'post',
  path: '/v1/selections/{selectionId}/close',
  operationId: 'closeSelection',
  tags: ['Operator: yearly choice'],
  summary: 'Close a yearly choice: gift cards for everyone who chose nothing',
  description:
    'After `closesAt`: every member of the cohort gets exactly one outcome — a reservation they chose, a gift card worth the configured share of their points in their home currency, or nothing. Resumable and idempotent: call it again while `status` is `closing`, after a failure, or twice at once; no member gets a second outcome. The FX snapshot is fixed when the close starts.',
  ...accepts('operator'),
  request: { params: selectionIdParams },
  responses: {
    200: {
      description: 'The yearly choice, closed (or still closing).',
      content: { 'application/json': { schema: selectionSchema } },
    },
    ...errorResponses('unauthorized', 'invalid_token', ...CLOSE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { selectionId } = c.req.valid('param');
  const outcome = await closeSelection(c.get('deps'), selectionId, { maxBatches: BATCHES_PER_REQUEST });
  if (isDomainError(outcome)) fail(outcome);
  return c.json(outcome, 200);
};

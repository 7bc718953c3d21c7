import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { ITEM_REVIEW_REFUSALS, planReviewItem } from '../../catalogue/items.js';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { itemIdParams, itemSchema } from './schemas.js';

export const reviewBody = z
  .object({
    decision: z.enum(['approve', 'reject']).openapi({
      description: 'Approve: members see it from now on. Reject: the partner reads the note.',
      example: 'approve',
    }),
    note: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'Why, for the partner.', example: 'Add the meeting point.' }),
  })
  .strict()
  .openapi('CatalogueItemReview', { example: { decision: 'approve' } });

export const route = createRoute({
  method: 'post',
  path: '/v1/catalogue/items/{itemId}/review',
  operationId: 'reviewCatalogueItem',
  tags: ['Operator: catalogue'],
  summary: 'Approve or reject an item',
  description:
    'The operator reviews an item a partner offered or changed; audited. Only a pending item can be reviewed.',
  ...accepts('operator'),
  request: {
    headers: optionalIdempotencyHeaders,
    params: itemIdParams,
    body: { required: true, content: { 'application/json': { schema: reviewBody } } },
  },
  responses: {
    200: { description: 'The item as reviewed.', content: { 'application/json': { schema: itemSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...ITEM_REVIEW_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { itemId } = c.req.valid('param');
  const body = c.req.valid('json');
  const outcome = await write(c, 'optional', body, () =>
    planReviewItem(c.get('deps'), itemId, body, auditHook(c, 'catalogue_item.review')),
  );
  return c.json(outcome.body, 200);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { listPartners } from '../../db/partners.js';
import { looksLikeId } from '../../domain/ids.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { pageQuery } from '../schemas.js';
import { partnerSchema, toPartnerResponse } from './schemas.js';

export const listPartnersQuery = z.object({
  limit: pageQuery.limit,
  cursor: z
    .string()
    .refine((value) => looksLikeId('ptn', value), 'must be the nextCursor of a previous page')
    .optional()
    .openapi({
      description: 'The `nextCursor` of the previous page; omit it for the newest partners.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
});

export const partnerPageSchema = z
  .object({
    data: z.array(partnerSchema).openapi({ description: 'Partners, newest first.', example: [] }),
    nextCursor: z.string().nullable().openapi({
      description: 'Pass as `cursor` for the next page; null on the last page.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
  })
  .openapi('PartnerPage');

export const route = createRoute({
  method: 'get',
  path: '/v1/partners',
  operationId: 'listPartners',
  tags: ['Operator: partners'],
  summary: 'List partners',
  description:
    'Every partner, newest first, a page at a time. Pages are keyset-paginated, so partners onboarded while paging neither repeat nor shift a page.',
  ...accepts('operator'),
  request: { query: listPartnersQuery },
  responses: {
    200: {
      description: 'One page of partners.',
      content: { 'application/json': { schema: partnerPageSchema } },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query');
  // One row beyond the page tells whether another page follows without a count query.
  const rows = await listPartners(c.get('deps').db, limit + 1, cursor);
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? (page[page.length - 1]?.id ?? null) : null;
  return c.json({ data: page.map(toPartnerResponse), nextCursor }, 200);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { listSelections, outcomeCounts, selectionsOfMember } from '../../db/selections.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { memberSelectionView, selectionView } from '../../selections/views.js';
import { nextCursor } from '../catalogue/schemas.js';
import { pageQuery } from '../schemas.js';
import { memberSelectionSchema, selectionSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/selections',
  operationId: 'listSelections',
  tags: ['Member: yearly choice', 'Operator: yearly choice'],
  summary: 'Yearly choices: every one (operator), the ones I am invited to (member)',
  description: 'Newest first. A member sees the choices whose cohort they are in, with their own outcome.',
  ...accepts('operator', 'member'),
  request: { query: z.object(pageQuery) },
  responses: {
    200: {
      description: 'One page.',
      content: {
        'application/json': {
          schema: z.union([
            z
              .object({
                view: z
                  .literal('operator')
                  .openapi({ description: 'Every yearly choice.', example: 'operator' }),
                data: z.array(selectionSchema).openapi({ description: 'Newest first.' }),
                nextCursor,
              })
              .openapi('SelectionPage'),
            z
              .object({
                view: z
                  .literal('member')
                  .openapi({ description: 'The choices I am invited to.', example: 'member' }),
                data: z.array(memberSelectionSchema).openapi({ description: 'Newest first.' }),
                nextCursor,
              })
              .openapi('MySelectionPage'),
          ]),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const { db } = c.get('deps');
  const principal = c.get('principal');
  if (principal.kind === 'member') {
    const rows = await selectionsOfMember(db, principal.memberId);
    return c.json(
      {
        view: 'member' as const,
        data: rows.map(({ selection, membership }) => memberSelectionView(selection, membership)),
        nextCursor: null,
      },
      200,
    );
  }
  const rows = await listSelections(db, limit + 1, cursor);
  const page = rows.slice(0, limit);
  const data = [];
  for (const row of page) data.push(selectionView(row, await outcomeCounts(db, row.id)));
  return c.json(
    {
      view: 'operator' as const,
      data,
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    },
    200,
  );
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { type FeedReader, oldestPosition, readFeed } from '../../db/events-feed.js';
import { eventTypes, isEventType } from '../../domain/events/registry.js';
import { eventView } from '../../events/wire.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { eventSchema } from './schemas.js';

export const eventsQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a cursor this feed answered (`nextCursor`)')
    .optional()
    .openapi({
      description:
        'Resume after this cursor (`nextCursor` of an earlier page); from the oldest kept event when absent.',
      example: '1875',
    }),
  types: z
    .string()
    .max(2000)
    .optional()
    .openapi({
      description: `Comma-separated event types to keep (all when absent): ${eventTypes.join(', ')}.`,
      example: 'transaction.earned,transaction.redeemed',
    }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .openapi({ description: 'Events per page, 1 to 500.', example: 100 }),
});

export const route = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'listEvents',
  tags: ['Partner: events', 'Member: events', 'Operator: events'],
  summary: 'The events feed, oldest first',
  description:
    "Every change the caller may know about, in commit order, resumable from any cursor: a partner's own transactions, members, statements and keys; a member's own (and their pools'); everything for the operator. Events are kept EVENT_RETENTION_DAYS (30); `gap` says when events after the cursor are no longer kept. Poll with `nextCursor`.",
  ...accepts('partner', 'member', 'operator'),
  request: { query: eventsQuery },
  responses: {
    200: {
      description: 'A page of events.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z.array(eventSchema).openapi({ description: 'Oldest first.' }),
              nextCursor: z.string().openapi({
                description:
                  'Pass as `after` for the next page; the same cursor again when nothing new happened.',
                example: '1877',
              }),
              gap: z.boolean().openapi({
                description:
                  'True when events after the cursor were already removed (older than the retention).',
                example: false,
              }),
            })
            .openapi('EventPage'),
        },
      },
    },
    ...errorResponses(),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const types = (query.types ?? '')
    .split(',')
    .map((type) => type.trim())
    .filter((type) => type !== '');
  const unknown = types.filter((type) => !isEventType(type));
  if (unknown.length > 0) {
    fail({
      code: 'validation_failed',
      detail: `query.types: unknown event types ${unknown.slice(0, 5).join(', ')}.`,
    });
  }
  const principal = c.get('principal');
  const reader: FeedReader =
    principal.kind === 'operator'
      ? { kind: 'operator' }
      : principal.kind === 'partner'
        ? { kind: 'partner', id: principal.partnerId }
        : { kind: 'member', id: principal.memberId };
  const after = Number(query.after ?? 0);
  const { db } = c.get('deps');
  const rows = await readFeed(db, reader, { after, types: types.filter(isEventType), limit: query.limit });
  const oldest = await oldestPosition(db);
  return c.json(
    {
      data: rows.map(eventView),
      nextCursor: String(rows.at(-1)?.position ?? after),
      gap: oldest !== undefined && after < oldest - 1,
    },
    200,
  );
};

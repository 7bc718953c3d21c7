import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { readInbox } from '../../members/messages.js';
import { inboxPageSchema, inboxQuery } from './contact-schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/inbox',
  operationId: 'listMyInbox',
  tags: ['Member: consent and inbox'],
  summary: 'My inbox',
  description:
    "Messages that reached me, newest first, keyset-paginated by id: partners' messages I allowed, the network's notices about my points and tier, and invitations to a yearly choice.",
  ...accepts('member'),
  request: { query: inboxQuery },
  responses: {
    200: {
      description: 'One page of messages.',
      content: { 'application/json': { schema: inboxPageSchema } },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const messages = await readInbox(c.get('deps'), memberOf(c), { limit: limit + 1, cursor });
  const data = messages.slice(0, limit);
  const nextCursor = messages.length > limit ? (data.at(-1)?.id ?? null) : null;
  return c.json({ data, nextCursor }, 200);
};

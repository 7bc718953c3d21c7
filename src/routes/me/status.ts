import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { readMemberStatus, statusView } from '../../status/views.js';
import { statusSchema } from '../status/schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/status',
  operationId: 'getMyStatus',
  tags: ['Member: status'],
  summary: 'My status',
  description:
    'My tier across every partner of the coalition, why I hold it and until when, and my progress towards the next one in this qualification window (the progress bar). Qualifying credits are mine alone: a pool shares points, never status.',
  ...accepts('member'),
  responses: {
    200: { description: 'My status.', content: { 'application/json': { schema: statusSchema } } },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = principalOf(c, 'member');
  const found = await readMemberStatus(c.get('deps'), memberId);
  if (found === undefined) fail({ code: 'member_not_found', detail: `Member ${memberId} does not exist.` });
  return c.json(statusView(memberId, found.status), 200);
};

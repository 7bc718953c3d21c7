import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { readMemberStatus, statusView } from '../../status/views.js';
import { statusSchema } from '../status/schemas.js';
import { memberIdParams } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}/status',
  operationId: 'getMemberStatus',
  tags: ['Operator: status'],
  summary: "A member's status, as the member sees it",
  description:
    "The member's tier, why they hold it and until when, and their progress in the current window, recomputed from their qualifying credits: for support, before a status match.",
  ...accepts('operator'),
  request: { params: memberIdParams },
  responses: {
    200: { description: 'The status.', content: { 'application/json': { schema: statusSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'member_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const found = await readMemberStatus(c.get('deps'), memberId);
  if (found === undefined) fail({ code: 'member_not_found', detail: `Member ${memberId} does not exist.` });
  return c.json(statusView(memberId, found.status), 200);
};

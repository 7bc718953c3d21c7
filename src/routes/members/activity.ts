import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { AUTH_REFUSALS, errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { MEMBER_READ_REFUSALS, planMemberActivityRead } from '../../members/support.js';
import { activityPage, activityPageSchema, activityQuery } from '../me/schemas.js';
import { memberIdParams } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}/activity',
  operationId: 'listMemberActivity',
  tags: ['Operator: members'],
  summary: "A member's activity across partners (support)",
  description:
    "The same entries the member reads in `GET /v1/me/activity`, at every partner, newest first, keyset-paginated by id: what support needs to answer a member's question. Every read is recorded in the audit log (`member.read`) in the same batch.",
  ...accepts('operator'),
  request: { params: memberIdParams, query: activityQuery },
  responses: {
    200: {
      description: 'One page of activity.',
      content: { 'application/json': { schema: activityPageSchema } },
    },
    ...errorResponses(...AUTH_REFUSALS, 'write_conflict', ...MEMBER_READ_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const { limit, cursor } = c.req.valid('query');
  const { body } = await write(c, 'none', {}, () =>
    planMemberActivityRead(
      c.get('deps'),
      memberId,
      { limit: limit + 1, cursor },
      auditHook(c, 'member.read'),
    ),
  );
  return c.json(activityPage(body, limit), 200);
};

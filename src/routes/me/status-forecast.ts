import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { forecastView, readMemberStatus } from '../../status/views.js';
import { forecastSchema } from '../status/schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/status/forecast',
  operationId: 'getMyStatusForecast',
  tags: ['Member: status'],
  summary: 'My status forecast',
  description:
    'How many qualifying credits by which date keep my tier or reach the next, what happens if I earn nothing more, and whether the network will give me the last few when the window ends.',
  ...accepts('member'),
  responses: {
    200: { description: 'My forecast.', content: { 'application/json': { schema: forecastSchema } } },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = principalOf(c, 'member');
  const deps = c.get('deps');
  const found = await readMemberStatus(deps, memberId);
  if (found === undefined) fail({ code: 'member_not_found', detail: `Member ${memberId} does not exist.` });
  return c.json(forecastView(deps, found.snapshot, found.status), 200);
};

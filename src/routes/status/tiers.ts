import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { readLadders } from '../../db/status.js';
import { ladderAt } from '../../domain/status/ladder.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { ladderView } from '../../status/views.js';
import { ladderSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/status/tiers',
  operationId: 'getTiers',
  tags: ['Operator: status', 'Partner: status', 'Member: status'],
  summary: "The network's tiers",
  description:
    "The ladder in force: each tier's threshold in qualifying credits and its benefits, as text and as data a partner acts on (an earn multiplier and its funder, room upgrades, perks). Empty until the operator publishes tiers.",
  ...accepts('operator', 'partner', 'member'),
  responses: {
    200: { description: 'The ladder in force.', content: { 'application/json': { schema: ladderSchema } } },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const deps = c.get('deps');
  return c.json(ladderView(ladderAt(await readLadders(deps.db), deps.clock())), 200);
};

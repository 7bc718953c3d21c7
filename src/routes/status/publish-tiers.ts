import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { PUBLISH_TIERS_REFUSALS, planPublishTiers } from '../../status/tiers.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { ladderSchema, publishTiersBody } from './schemas.js';

export const route = createRoute({
  method: 'put',
  path: '/v1/status/tiers',
  operationId: 'publishTiers',
  tags: ['Operator: status'],
  summary: "Publish the network's tiers",
  description:
    'Replaces the ladder of tiers from now on: names, the qualifying credits each needs in a window, what each gives (text, an earn multiplier funded by the network or the partner, room upgrades, perks) and lifetime status. Ended windows keep the ladder they were judged by; every status is reviewed. Audited.',
  ...accepts('operator'),
  request: {
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: publishTiersBody } } },
  },
  responses: {
    201: {
      description: 'The ladder now in force.',
      content: { 'application/json': { schema: ladderSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, ...PUBLISH_TIERS_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { subject } = principalOf(c, 'operator');
  const outcome = await write(c, 'optional', body, () =>
    planPublishTiers(c.get('deps'), body.tiers, subject, auditHook(c, 'status.tiers_publish')),
  );
  return c.json(outcome.body, 201);
};

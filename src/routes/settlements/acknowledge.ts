import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { ACKNOWLEDGE_REFUSALS, planAcknowledge } from '../../settlement/reconciliation.js';
import { idempotencyHeaders } from '../schemas.js';
import { settlementIdParams, statementViewSchema } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/settlements/{settlementId}/acknowledge',
  operationId: 'acknowledgeStatement',
  tags: ['Partner: settlement'],
  summary: 'Acknowledge your statement',
  description:
    'Records that you received and accept the statement. Acknowledging again keeps the first time. Disputing lines remains possible.',
  ...accepts('partner'),
  request: { params: settlementIdParams, headers: idempotencyHeaders },
  responses: {
    200: {
      description: 'The statement, acknowledged.',
      content: { 'application/json': { schema: statementViewSchema } },
    },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...ACKNOWLEDGE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { settlementId } = c.req.valid('param');
  const { partnerId } = principalOf(c, 'partner');
  const outcome = await write(c, 'required', {}, () =>
    planAcknowledge(c.get('deps'), partnerId, settlementId),
  );
  return c.json(outcome.body, 200);
};

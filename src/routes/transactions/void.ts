import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { HOLD_REFUSALS, planVoid } from '../../ledger/holds.js';
import { idempotencyHeaders } from '../schemas.js';
import { transactionIdParams, transactionSchema } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/transactions/{transactionId}/void',
  operationId: 'voidHold',
  tags: ['Partner: ledger'],
  summary: 'Void a hold',
  description: 'Cancels a pending earn: nothing is credited and it can no longer be captured.',
  ...accepts('partner'),
  request: { params: transactionIdParams, headers: idempotencyHeaders },
  responses: {
    200: {
      description: 'The voided transaction.',
      content: { 'application/json': { schema: transactionSchema } },
    },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...HOLD_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { transactionId } = c.req.valid('param');
  const { partnerId } = principalOf(c, 'partner');
  const outcome = await write(c, 'required', {}, () => planVoid(c.get('deps'), partnerId, transactionId));
  return c.json(outcome.body, 200);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { CAPTURE_REFUSALS, planCapture } from '../../ledger/holds.js';
import { transactionAsPartnerMaySee } from '../../members/partner-view.js';
import { statusOfEarns } from '../../status/earns.js';
import { idempotencyHeaders, moneySchema } from '../schemas.js';
import { transactionIdParams, transactionSchema } from './schemas.js';

export const captureBody = z
  .object({
    amount: moneySchema
      .optional()
      .openapi({ description: 'The final amount, at most the held amount; the whole hold when absent.' }),
  })
  .strict()
  .openapi('Capture', { example: { amount: { amount: '217.00', currency: 'USD' } } });

export const route = createRoute({
  method: 'post',
  path: '/v1/transactions/{transactionId}/capture',
  operationId: 'captureHold',
  tags: ['Partner: ledger'],
  summary: 'Capture a hold',
  description:
    "Credits the hold's points, in full or in proportion to a smaller final amount (rounded down), at the hold's own FX snapshot and earn rate. A hold is captured or voided exactly once.",
  ...accepts('partner'),
  request: {
    params: transactionIdParams,
    headers: idempotencyHeaders,
    body: { required: false, content: { 'application/json': { schema: captureBody } } },
  },
  responses: {
    200: {
      description: 'The captured transaction.',
      content: { 'application/json': { schema: transactionSchema } },
    },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...CAPTURE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { transactionId } = c.req.valid('param');
  const body = c.req.valid('json');
  const { partnerId } = principalOf(c, 'partner');
  const outcome = await write(c, 'required', body, () =>
    planCapture(c.get('deps'), partnerId, transactionId, body, statusOfEarns),
  );
  return c.json(await transactionAsPartnerMaySee(c.get('deps'), partnerId, outcome.body), 200);
};

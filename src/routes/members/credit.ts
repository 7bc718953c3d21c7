import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, KEYED_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { GOODWILL_REFUSALS, planGoodwill } from '../../ledger/goodwill.js';
import { idempotencyHeaders } from '../schemas.js';
import { transactionSchema } from '../transactions/schemas.js';
import { memberIdParams } from './schemas.js';

export const goodwillBody = z
  .object({
    points: z
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .openapi({ description: 'Points to give.', example: 250 }),
    reason: z.string().trim().min(1).max(500).openapi({
      description: 'Why the network gives them; the member reads it in their activity.',
      example: 'Sorry for the delayed refund',
    }),
  })
  .strict()
  .openapi('GoodwillCredit', { example: { points: 250, reason: 'Sorry for the delayed refund' } });

export const route = createRoute({
  method: 'post',
  path: '/v1/members/{memberId}/credits',
  operationId: 'creditGoodwill',
  tags: ['Operator: members'],
  summary: 'Give a member a goodwill credit',
  description:
    "Points from the network's promotions budget (support, apologies): a lot like any other, spendable everywhere, expiring after POINTS_EXPIRY_MONTHS, paid by the network (`networkFunded`); audited.",
  ...accepts('operator'),
  request: {
    params: memberIdParams,
    headers: idempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: goodwillBody } } },
  },
  responses: {
    201: {
      description: 'The goodwill credit.',
      content: { 'application/json': { schema: transactionSchema } },
    },
    ...errorResponses(...KEYED_WRITE_ERRORS, ...GOODWILL_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const body = c.req.valid('json');
  const grantedBy = principalOf(c, 'operator').subject;
  const outcome = await write(c, 'required', body, (idempotencyKey) =>
    planGoodwill(
      c.get('deps'),
      { memberId, ...body, grantedBy, idempotencyKey },
      auditHook(c, 'member.goodwill'),
    ),
  );
  return c.json(outcome.body, 201);
};

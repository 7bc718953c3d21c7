import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { findPartnerTransaction } from '../../db/transactions.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { transactionView } from '../../ledger/transaction-view.js';
import { transactionAsPartnerMaySee } from '../../members/partner-view.js';
import { transactionIdParams, transactionSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/transactions/{transactionId}',
  operationId: 'getTransaction',
  tags: ['Partner: ledger'],
  summary: 'Read one of your transactions',
  description: "Another partner's transaction is reported as not found.",
  ...accepts('partner'),
  request: { params: transactionIdParams },
  responses: {
    200: { description: 'The transaction.', content: { 'application/json': { schema: transactionSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'transaction_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { transactionId } = c.req.valid('param');
  const { partnerId } = principalOf(c, 'partner');
  const row = await findPartnerTransaction(c.get('deps').db, partnerId, transactionId);
  if (row === undefined)
    fail({ code: 'transaction_not_found', detail: `Transaction ${transactionId} does not exist.` });
  return c.json(await transactionAsPartnerMaySee(c.get('deps'), partnerId, transactionView(row)), 200);
};

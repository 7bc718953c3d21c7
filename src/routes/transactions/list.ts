import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { listPartnerTransactions } from '../../db/transaction-search.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { AUTH_REFUSALS, errorResponses } from '../../http/problems.js';
import { transactionView } from '../../ledger/transaction-view.js';
import { transactionsAsPartnerMaySee } from '../../members/partner-view.js';
import { transactionListQuery, transactionSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/transactions',
  operationId: 'listTransactions',
  tags: ['Partner: ledger'],
  summary: 'List and search your transactions, newest first',
  description:
    "Your own transactions (earns, holds, redemptions, reversals), narrowed by the filters together, newest first; pass `nextCursor` as `cursor` with the same filters. Never another partner's. As CSV: `GET /v1/transactions.csv`.",
  ...accepts('partner'),
  request: { query: transactionListQuery },
  responses: {
    200: {
      description: 'One page of transactions.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z.array(transactionSchema).openapi({ description: 'Newest first.' }),
              nextCursor: z.string().nullable().openapi({
                description: 'Pass as `cursor` for the next page; null on the last page.',
                example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
              }),
            })
            .openapi('TransactionPage'),
        },
      },
    },
    ...errorResponses(...AUTH_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor, createdFrom, createdTo, ...filters } = c.req.valid('query');
  const { partnerId } = principalOf(c, 'partner');
  const filter = {
    ...filters,
    partnerId,
    createdFromMs: createdFrom === undefined ? undefined : Date.parse(createdFrom),
    createdToMs: createdTo === undefined ? undefined : Date.parse(createdTo),
  };
  const rows = await listPartnerTransactions(c.get('deps').db, filter, {
    limit: limit + 1,
    beforeId: cursor,
  });
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? (page[page.length - 1]?.id ?? null) : null;
  const data = await transactionsAsPartnerMaySee(c.get('deps'), partnerId, page.map(transactionView));
  return c.json({ data, nextCursor }, 200);
};

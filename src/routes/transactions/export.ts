import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { AUTH_REFUSALS, errorResponses } from '../../http/problems.js';
import { TRANSACTION_CSV_COLUMNS, transactionCsvStream } from '../../ledger/transaction-export.js';
import { EXPORT_MAX_DAYS, transactionExportQuery } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/transactions.csv',
  operationId: 'exportTransactionsCsv',
  tags: ['Partner: ledger'],
  summary: 'Export your transactions of a period as CSV',
  description: `Your own transactions created from \`from\` (inclusive) to \`to\` (exclusive), at most ${EXPORT_MAX_DAYS} days, narrowed by the same filters as \`GET /v1/transactions\`, oldest first: one row per transaction after a header row, money as decimal strings beside its currency, times in RFC 3339 (UTC). The file is streamed as it is read, so a long period makes no difference to the server.`,
  ...accepts('partner'),
  request: { query: transactionExportQuery },
  responses: {
    200: {
      description: 'The CSV.',
      headers: z.object({
        'content-disposition': z.string().openapi({
          description: 'A file name naming the period.',
          example: 'attachment; filename="transactions-2026-11-01-2026-12-01.csv"',
        }),
      }),
      content: {
        'text/csv': {
          schema: z.string().openapi({
            description: 'RFC 4180 CSV with a header row.',
            example: `${TRANSACTION_CSV_COLUMNS.join(',')}\r\n`,
          }),
        },
      },
    },
    ...errorResponses(...AUTH_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = (c) => {
  const { from, to, ...filters } = c.req.valid('query');
  const { partnerId } = principalOf(c, 'partner');
  const filter = { ...filters, partnerId, createdFromMs: Date.parse(from), createdToMs: Date.parse(to) };
  const file = `transactions-${from.slice(0, 10)}-${to.slice(0, 10)}.csv`;
  return c.body(transactionCsvStream(c.get('deps').db, filter), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${file}"`,
  });
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { listAuditLog } from '../../db/audit.js';
import { looksLikeId } from '../../domain/ids.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { isoTime, pageQuery, timestamp } from '../schemas.js';

export const auditLogQuery = z.object({
  limit: pageQuery.limit,
  cursor: z
    .string()
    .refine((value) => looksLikeId('aud', value), 'must be the nextCursor of a previous page')
    .optional()
    .openapi({
      description: 'The `nextCursor` of the previous page; omit it for the newest entries.',
      example: 'aud_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
});

export const auditEntrySchema = z
  .object({
    id: z.string().openapi({ description: 'Entry id.', example: 'aud_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    actor: z.string().openapi({
      description:
        'Who acted: the subject of the operator token, or the partner or member id for the actions they are audited for (recovery claim codes, data exports, erasures).',
      example: 'operator',
    }),
    action: z.string().openapi({ description: 'What was done.', example: 'partner.suspend' }),
    target: z.string().openapi({
      description: 'What it was done to: a partner, member, FX snapshot or settlement id.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    requestId: z.string().openapi({
      description: 'The request that did it (its X-Request-Id).',
      example: 'req_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    summary: z.record(z.string(), z.unknown()).openapi({
      description: 'What changed, without secrets (never a token or key material).',
      example: { changes: { status: 'suspended' } },
    }),
    createdAt: timestamp('When it was done'),
  })
  .openapi('AuditEntry');

export const route = createRoute({
  method: 'get',
  path: '/v1/audit-log',
  operationId: 'listAuditLog',
  tags: ['Operator: audit'],
  summary: 'What operators did, newest first',
  description:
    'Every operator action that changes something (partners, terms, keys, FX, member tokens, closes, payments, disputes), written in the same batch as the action. Append-only: the database refuses to change or delete an entry.',
  ...accepts('operator'),
  request: { query: auditLogQuery },
  responses: {
    200: {
      description: 'One page of the audit log.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z.array(auditEntrySchema).openapi({ description: 'Entries, newest first.', example: [] }),
              nextCursor: z.string().nullable().openapi({
                description: 'Pass as `cursor` for the next page; null on the last page.',
                example: 'aud_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
              }),
            })
            .openapi('AuditLogPage'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const rows = await listAuditLog(c.get('deps').db, limit + 1, cursor);
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? (page[page.length - 1]?.id ?? null) : null;
  const data = page.map((row) => ({
    id: row.id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    requestId: row.requestId,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
    createdAt: isoTime(row.createdAt),
  }));
  return c.json({ data, nextCursor }, 200);
};

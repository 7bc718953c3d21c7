import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import { audited } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { CLOSE_REFUSALS, planClose } from '../../settlement/close.js';
import { readSettlement } from '../../settlement/reconciliation.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { operatorSettlementSchema } from './schemas.js';

export const closeBody = z
  .object({
    fxSnapshotId: z.string().min(1).max(64).optional().openapi({
      description:
        'The FX snapshot to convert at; default the newest, which must then be fresh (FX_MAX_AGE_HOURS).',
      example: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
  })
  .strict()
  .openapi('CloseSettlement', { example: {} });

const settlementResponse = (description: string) => ({
  description,
  headers: z.object({
    location: z.string().openapi({
      description: 'Where the settlement can be read.',
      example: '/v1/settlements/stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
  }),
  content: { 'application/json': { schema: operatorSettlementSchema } },
});

export const route = createRoute({
  method: 'post',
  path: '/v1/settlements',
  operationId: 'closeSettlement',
  tags: ['Operator: settlement'],
  summary: 'Close the open period',
  description:
    'Settles every transfer since the previous close, plus the disputes accepted since, into one signed statement per partner. Late, backdated or reversed activity lands in the next period; a closed period never changes. With nothing left to settle, the newest settlement is answered (200) and nothing is created.',
  ...accepts('operator'),
  request: {
    headers: optionalIdempotencyHeaders,
    body: { required: false, content: { 'application/json': { schema: closeBody } } },
  },
  responses: {
    201: settlementResponse('The new settlement.'),
    200: settlementResponse('Nothing new to settle: the newest settlement.'),
    ...errorResponses(...WRITE_ERRORS, ...CLOSE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const outcome = await write(c, 'optional', body, () =>
    planClose(deps, { fxSnapshotId: body.fxSnapshotId }, (target, summary) => [
      audited(c, { action: 'settlement.close', target, summary }),
    ]),
  );
  const view = await readSettlement(deps, outcome.body.settlementId);
  if (isDomainError(view)) fail(view);
  c.header('location', `/v1/settlements/${outcome.body.settlementId}`);
  return c.json({ view: 'operator' as const, ...view }, outcome.status);
};

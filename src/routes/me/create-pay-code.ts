import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { ISSUE_PAY_CODE_REFUSALS, planIssuePayCode } from '../../members/pay-codes.js';

export const payCodeRequest = z
  .object({
    partnerId: z.string().min(1).max(64).optional().openapi({
      description: 'The one partner the code may be used at; any partner when left out.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    maxPoints: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().openapi({
      description:
        'The most points a partner may redeem with the code; no limit beyond the balance when left out.',
      example: 2000,
    }),
  })
  .strict()
  .openapi('PayCodeRequest', { example: { partnerId: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', maxPoints: 2000 } });

export const payCodeSchema = z
  .object({
    code: z.string().openapi({
      description: 'The one-time code to show at the till, as text or a QR code. Shown in this answer only.',
      example: 'P4YC-0DE7-QR5T-WX2M',
    }),
    expiresAt: z.string().openapi({
      description: 'When the code stops working (PAY_CODE_TTL_SECONDS after it was made).',
      example: '2026-11-27T10:02:00.000Z',
    }),
    partnerId: z.string().nullable().openapi({
      description: 'The one partner the code may be used at, or null for any.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    maxPoints: z.number().int().nullable().openapi({
      description: 'The most points the code lets a partner redeem, or null.',
      example: 2000,
    }),
  })
  .openapi('PayCode');

export const route = createRoute({
  method: 'post',
  path: '/v1/me/pay-codes',
  operationId: 'createPayCode',
  tags: ['Member: wallet'],
  summary: 'Make a pay code',
  description:
    'A one-time code the member shows at the till so a partner may spend their points or read their balance (MEMBER_PRESENCE): valid PAY_CODE_TTL_SECONDS, used by one redemption, optionally bound to one partner and a most of points.',
  ...accepts('member'),
  request: { body: { required: true, content: { 'application/json': { schema: payCodeRequest } } } },
  responses: {
    201: { description: 'The pay code.', content: { 'application/json': { schema: payCodeSchema } } },
    ...errorResponses('write_conflict', ...ISSUE_PAY_CODE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const outcome = await write(c, 'none', {}, () => planIssuePayCode(c.get('deps'), memberOf(c), body));
  return c.json(outcome.body, 201);
};

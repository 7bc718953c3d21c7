import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { ERASURE_REFUSALS, planErasure, REMAINING_POINTS_CHOICES } from '../../members/erase.js';
import { timestamp } from '../schemas.js';

export const erasureRequest = z
  .object({
    remainingPoints: z.enum(REMAINING_POINTS_CHOICES).openapi({
      description:
        'What happens to points still in my wallet: `none_left` — I redeemed them first, refuse if any remain; `forfeit` — I give them up (they go to breakage, as expired points do).',
      example: 'forfeit',
    }),
  })
  .strict()
  .openapi('ErasureRequest', { example: { remainingPoints: 'forfeit' } });

export const erasureSchema = z
  .object({
    memberId: z.string().openapi({
      description: 'The pseudonymous id the ledger and statements keep.',
      example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    erasedAt: timestamp('When the data was erased'),
    remainingPoints: z
      .enum(REMAINING_POINTS_CHOICES)
      .openapi({ description: 'What the member chose for remaining points.', example: 'forfeit' }),
    pointsForfeited: z
      .number()
      .int()
      .openapi({ description: 'Points given up to breakage (0 when none were left).', example: 800 }),
  })
  .openapi('Erasure');

export const route = createRoute({
  method: 'delete',
  path: '/v1/me',
  operationId: 'eraseMyData',
  tags: ['Member: my data'],
  summary: 'Erase my personal data',
  description:
    'Irreversible: my profile, passkeys, sessions, codes and card numbers are deleted, I leave my pools (one I own is dissolved), and I can never sign in again. The ledger keeps my id as a pseudonym, so settlement stays exact. Points left: redeem them first, or choose `forfeit`. Refused while a hold or reservation is pending. Partners that knew me receive `member.erased`; audited.',
  ...accepts('member'),
  request: {
    body: { required: true, content: { 'application/json': { schema: erasureRequest } } },
  },
  responses: {
    200: { description: 'The data is erased.', content: { 'application/json': { schema: erasureSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...ERASURE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { remainingPoints } = c.req.valid('json');
  const outcome = await write(c, 'none', { remainingPoints }, () =>
    planErasure(c.get('deps'), memberOf(c), remainingPoints, auditHook(c, 'member.erase')),
  );
  return c.json(outcome.body, 200);
};

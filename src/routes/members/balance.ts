import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { findMember } from '../../db/members.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { unifiedBalance } from '../../ledger/balance.js';
import { balanceFields, memberIdParams, unifiedFields } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}/balance',
  operationId: 'getMemberBalance',
  tags: ['Partner: members'],
  summary: "A member's balance, to redeem",
  description: "What the member can spend now; never the member's activity at other partners.",
  ...accepts('partner'),
  request: { params: memberIdParams },
  responses: {
    200: {
      description: 'The balance.',
      content: {
        'application/json': {
          schema: z
            .object({
              memberId: z
                .string()
                .openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              ...balanceFields,
              ...unifiedFields,
            })
            .openapi('MemberBalance'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token', 'member_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const deps = c.get('deps');
  if ((await findMember(deps.db, memberId)) === undefined)
    fail({ code: 'member_not_found', detail: `Member ${memberId} does not exist.` });
  const balance = await unifiedBalance(deps, memberId);
  // A partner learns what it may redeem from, not what the member calls their pools.
  const pools = balance.pools.map(({ poolId, kind, spendablePoints }) => ({ poolId, kind, spendablePoints }));
  return c.json({ memberId, ...balance, pools }, 200);
};

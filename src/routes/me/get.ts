import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { findMember } from '../../db/members.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { unifiedBalance } from '../../ledger/balance.js';
import { balanceFields, unifiedFields } from '../members/schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me',
  operationId: 'getMyBalance',
  tags: ['Member: wallet'],
  summary: 'My unified balance',
  description:
    'One balance across every partner: available, pending, owed, what expires soon, and what I may spend from my pools today.',
  ...accepts('member'),
  responses: {
    200: {
      description: 'The member and their balance.',
      content: {
        'application/json': {
          schema: z
            .object({
              memberId: z
                .string()
                .openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              externalReference: z
                .string()
                .nullable()
                .openapi({ description: 'Card number or similar.', example: 'CARD-4000-1234-5678' }),
              ...balanceFields,
              ...unifiedFields,
            })
            .openapi('Me'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token', 'member_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = principalOf(c, 'member');
  const deps = c.get('deps');
  const member = await findMember(deps.db, memberId);
  if (member === undefined) fail({ code: 'member_not_found', detail: `Member ${memberId} does not exist.` });
  return c.json(
    { memberId, externalReference: member.externalReference, ...(await unifiedBalance(deps, memberId)) },
    200,
  );
};

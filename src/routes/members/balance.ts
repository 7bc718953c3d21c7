import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { unifiedBalance } from '../../ledger/balance.js';
import { checkPresence, PRESENCE_REFUSALS } from '../../ledger/presence.js';
import { consentRequired, partnerMay } from '../../members/consents.js';
import { activeMember, STANDING_REFUSALS } from '../../members/standing.js';
import { balanceFields, memberIdParams, unifiedFields } from './schemas.js';

const payCodeHeaders = z.object({
  'tessera-pay-code': z.string().min(1).max(64).optional().openapi({
    description: "The member's one-time pay code, shown by their wallet: proof that the member is there.",
    example: 'P4YC-0DE7-QR5T-WX2M',
  }),
});

export const route = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}/balance',
  operationId: 'getMemberBalance',
  tags: ['Partner: members'],
  summary: "A member's balance, to redeem",
  description:
    "What the member can spend now; never their activity at other partners. Without the member's pay code in `Tessera-Pay-Code` (which the read does not use up), only with their `balance` consent (403 `consent_required`), and never where MEMBER_PRESENCE asks for their presence. A merged membership answers 409 `member_merged` with `mergedIntoMemberId`.",
  ...accepts('partner'),
  request: { params: memberIdParams, headers: payCodeHeaders },
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
    ...errorResponses(
      'unauthorized',
      'invalid_token',
      ...STANDING_REFUSALS,
      'consent_required',
      ...PRESENCE_REFUSALS,
    ),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const deps = c.get('deps');
  const member = await activeMember(deps.db, memberId);
  if (isDomainError(member)) fail(member);
  const { partnerId } = principalOf(c, 'partner');
  const payCode = c.req.valid('header')['tessera-pay-code'];
  const presence = await checkPresence(deps, { partnerId, memberId, payCode });
  if (isDomainError(presence)) fail(presence);
  // A pay code is the member at the till, saying yes for this once; otherwise their consent decides.
  if (payCode === undefined && !(await partnerMay(deps, partnerId, memberId, 'balance')))
    fail(consentRequired(memberId, 'balance', 'read their balance without their pay code'));
  const balance = await unifiedBalance(deps, memberId);
  // A partner learns what it may redeem from, not what the member calls their pools.
  const pools = balance.pools.map(({ poolId, kind, spendablePoints }) => ({ poolId, kind, spendablePoints }));
  return c.json({ memberId, ...balance, pools }, 200);
};

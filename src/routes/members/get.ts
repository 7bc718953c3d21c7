import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { MEMBER_STATUSES } from '../../db/schema/members.js';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { AUTH_REFUSALS, errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { MEMBER_READ_REFUSALS, planMemberProfileRead } from '../../members/support.js';
import { isoTime, timestamp } from '../schemas.js';
import { memberSchema } from './enrol.js';
import { balanceFields, memberIdParams, unifiedFields } from './schemas.js';

export const memberProfileSchema = z
  .object({
    // The claim code is shown at enrolment only; the support view never repeats it.
    ...memberSchema.omit({ claim: true }).shape,
    status: z.enum(MEMBER_STATUSES).openapi({
      description:
        "active; merged into another membership; or erased at the member's request (no card number, no profile, no sign-in: the id is a pseudonym the ledger keeps).",
      example: 'active',
    }),
    erasedAt: timestamp('When the member erased their data').nullable(),
    balance: z
      .object({ ...balanceFields, ...unifiedFields })
      .openapi({ description: 'The unified balance the member sees: own wallet and pools.' }),
  })
  .openapi('MemberProfile');

export const route = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}',
  operationId: 'getMember',
  tags: ['Operator: members'],
  summary: 'A member and their balance (support)',
  description:
    "The member as enrolled (no profile beyond the partner's external reference), whether active, merged or erased, and the unified balance the member sees. Every read is audited (`member.read`) in the same batch.",
  ...accepts('operator'),
  request: { params: memberIdParams },
  responses: {
    200: { description: 'The member.', content: { 'application/json': { schema: memberProfileSchema } } },
    ...errorResponses(...AUTH_REFUSALS, 'write_conflict', ...MEMBER_READ_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const { body } = await write(c, 'none', {}, () =>
    planMemberProfileRead(c.get('deps'), memberId, auditHook(c, 'member.read')),
  );
  const { member, balance } = body;
  return c.json(
    {
      id: member.id,
      externalReference: member.externalReference,
      enrolledByPartnerId: member.enrolledByPartnerId,
      createdAt: isoTime(member.createdAt),
      status: member.status,
      erasedAt: member.erasedAt === null ? null : isoTime(member.erasedAt),
      balance,
    },
    200,
  );
};

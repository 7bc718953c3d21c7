import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { AUTH_REFUSALS, errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { MEMBER_READ_REFUSALS, planCardHolderRead } from '../../members/support.js';
import { partnerIdParams } from './schemas.js';

const externalReference = z.string().trim().min(1).max(64).openapi({
  description: "The partner's card number for the member.",
  example: 'CARD-0001',
});

export const cardHolderSchema = z
  .object({
    memberId: z.string().openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    externalReference,
    via: z.enum(['enrolment', 'link']).openapi({
      description: 'Given at enrolment, or linked later (`POST /v1/members/{memberId}/links`).',
      example: 'enrolment',
    }),
  })
  .openapi('CardHolder');

export const route = createRoute({
  method: 'get',
  path: '/v1/partners/{partnerId}/card-holder',
  operationId: 'getCardHolder',
  tags: ['Operator: members'],
  summary: "The member holding a partner's card (support)",
  description: 'A merged membership answers its survivor. Audited as `member.read`.',
  ...accepts('operator'),
  request: { params: partnerIdParams, query: z.object({ externalReference }) },
  responses: {
    200: { description: 'The member.', content: { 'application/json': { schema: cardHolderSchema } } },
    ...errorResponses(...AUTH_REFUSALS, 'write_conflict', ...MEMBER_READ_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId } = c.req.valid('param');
  const { externalReference } = c.req.valid('query');
  const { body } = await write(c, 'none', {}, () =>
    planCardHolderRead(c.get('deps'), { partnerId, externalReference }, auditHook(c, 'member.read')),
  );
  return c.json({ memberId: body.member.id, externalReference, via: body.via }, 200);
};

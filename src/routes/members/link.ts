import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { LINK_REFUSALS, planLink } from '../../members/links.js';
import { idempotencyHeaders, timestamp } from '../schemas.js';
import { memberIdParams } from './schemas.js';

export const linkBody = z
  .object({
    externalReference: z.string().trim().min(1).max(64).openapi({
      description: 'Your own card number for the member; unique across the network, like an enrolment’s.',
      example: 'HOTEL-77120',
    }),
    payCode: z.string().trim().min(1).max(64).openapi({
      description:
        "A pay code the member's wallet shows (their coalition card): the proof that the member is there. Made for you or for any partner; the link uses it up.",
      example: 'P4YC-0DE7-QR5T-WX2M',
    }),
  })
  .strict()
  .openapi('LinkMember', { example: { externalReference: 'HOTEL-77120', payCode: 'P4YC-0DE7-QR5T-WX2M' } });

export const route = createRoute({
  method: 'post',
  path: '/v1/members/{memberId}/links',
  operationId: 'linkMember',
  tags: ['Partner: members'],
  summary: 'Link your card number to a coalition member',
  description:
    'Links your own card number to a member who already belongs to the coalition, instead of enrolling them twice. The member shows a pay code from their wallet (`POST /v1/me/pay-codes`), which the link uses up, so no partner can attach itself to a member id it only knows. Then `GET /v1/members?externalReference=` finds the member, you serve them, and their app is told (`member.linked`).',
  ...accepts('partner'),
  request: {
    params: memberIdParams,
    headers: idempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: linkBody } } },
  },
  responses: {
    201: {
      description: 'The card is linked.',
      content: {
        'application/json': {
          schema: z
            .object({
              memberId: z
                .string()
                .openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              partnerId: z
                .string()
                .openapi({ description: 'You.', example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              externalReference: z
                .string()
                .openapi({ description: 'Your card number, now linked.', example: 'HOTEL-77120' }),
              linkedAt: timestamp('When the card was linked'),
            })
            .openapi('MemberLink'),
        },
      },
    },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...LINK_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const body = c.req.valid('json');
  const { partnerId } = principalOf(c, 'partner');
  const outcome = await write(c, 'required', body, () =>
    planLink(c.get('deps'), partnerId, { memberId, ...body }),
  );
  return c.json(outcome.body, 201);
};

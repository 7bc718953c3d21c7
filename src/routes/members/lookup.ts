import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { findPartnerMemberByExternalReference } from '../../db/transaction-search.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { AUTH_REFUSALS, errorResponses } from '../../http/problems.js';
import { consentForPartner } from '../../members/partner-view.js';
import { isoTime, timestamp } from '../schemas.js';
import { partnerContactSchema } from './consent.js';

export const memberLookupQuery = z.object({
  externalReference: z.string().trim().min(1).max(64).openapi({
    description: 'Your reference for the member (a card number), as given at enrolment.',
    example: 'CARD-4000-1234-5678',
  }),
});

export const partnerMemberSchema = z
  .object({
    id: z.string().openapi({ description: 'Member id.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    externalReference: z
      .string()
      .openapi({ description: 'The external reference looked up.', example: 'CARD-4000-1234-5678' }),
    enrolledByYou: z.boolean().openapi({
      description: 'Whether you enrolled the member; otherwise you served them (a transaction of yours).',
      example: true,
    }),
    createdAt: timestamp('When the member was enrolled'),
    contact: partnerContactSchema,
  })
  .openapi('PartnerMember');

export const route = createRoute({
  method: 'get',
  path: '/v1/members',
  operationId: 'listMembers',
  tags: ['Partner: members'],
  summary: 'Find a member by your reference',
  description:
    "The member holding this external reference, if you enrolled them or served them (they have a transaction of yours); otherwise an empty list, whether or not the reference belongs to another partner's member. Name and contact only with the member's `profile` consent.",
  ...accepts('partner'),
  request: { query: memberLookupQuery },
  responses: {
    200: {
      description: 'The member found, or none.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z
                .array(partnerMemberSchema)
                .openapi({ description: 'At most one member: references are unique.' }),
            })
            .openapi('PartnerMemberList'),
        },
      },
    },
    ...errorResponses(...AUTH_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { externalReference } = c.req.valid('query');
  const { partnerId } = principalOf(c, 'partner');
  const deps = c.get('deps');
  const member = await findPartnerMemberByExternalReference(deps.db, partnerId, externalReference);
  const data =
    member === undefined
      ? []
      : [
          {
            id: member.id,
            externalReference,
            enrolledByYou: member.enrolledByPartnerId === partnerId,
            createdAt: isoTime(member.createdAt),
            contact: (await consentForPartner(deps, partnerId, member.id)).contact,
          },
        ];
  return c.json({ data }, 200);
};

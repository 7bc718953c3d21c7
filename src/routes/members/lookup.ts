import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { Database } from '../../db/database.js';
import { findLink } from '../../db/links.js';
import { findMember, type MemberRow } from '../../db/members.js';
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
      description:
        'Whether you enrolled the member; otherwise you linked your card to them, or served them (a transaction of yours).',
      example: true,
    }),
    via: z.enum(['enrolment', 'link']).openapi({
      description:
        'How the reference names the member: given at enrolment, or linked to a member who showed their coalition card (`POST /v1/members/{memberId}/links`).',
      example: 'enrolment',
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
    "The member holding this external reference if you enrolled them, linked your card to them or served them; otherwise an empty list, whoever holds the reference. A merged membership answers the surviving member's id.",
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

/** The member a partner's reference names: its link first, else an enrolment; a merged one answers its survivor. */
async function memberOfReference(
  db: Database,
  partnerId: string,
  externalReference: string,
): Promise<{ member: MemberRow; via: 'enrolment' | 'link' } | undefined> {
  const link = await findLink(db, externalReference);
  const linked = link?.partnerId === partnerId ? await findMember(db, link.memberId) : undefined;
  if (linked !== undefined) return { member: linked, via: 'link' };
  const enrolled = await findPartnerMemberByExternalReference(db, partnerId, externalReference);
  if (enrolled === undefined) return undefined;
  const survivor =
    enrolled.status === 'merged' && enrolled.mergedIntoMemberId !== null
      ? await findMember(db, enrolled.mergedIntoMemberId)
      : undefined;
  return { member: survivor ?? enrolled, via: 'enrolment' };
}

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { externalReference } = c.req.valid('query');
  const { partnerId } = principalOf(c, 'partner');
  const deps = c.get('deps');
  const found = await memberOfReference(deps.db, partnerId, externalReference);
  const data =
    found === undefined
      ? []
      : [
          {
            id: found.member.id,
            externalReference,
            enrolledByYou: found.member.enrolledByPartnerId === partnerId,
            via: found.via,
            createdAt: isoTime(found.member.createdAt),
            contact: (await consentForPartner(deps, partnerId, found.member.id)).contact,
          },
        ];
  return c.json({ data }, 200);
};

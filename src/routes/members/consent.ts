import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { findMember } from '../../db/members.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { AUTH_REFUSALS, errorResponses, fail } from '../../http/problems.js';
import { consentForPartner } from '../../members/partner-view.js';
import { consentScopesSchema } from '../me/contact-schemas.js';
import { memberIdParams } from './schemas.js';

const contact = (description: string, example: string) =>
  z
    .string()
    .nullable()
    .openapi({ description: `${description}; null when not given.`, example });

export const partnerContactSchema = z
  .object({
    displayName: contact('How the member wants to be called', 'Jana'),
    email: contact('Contact e-mail address', 'jana@example.com'),
    phone: contact('Contact phone number, E.164', '+420601234567'),
  })
  .nullable()
  .openapi('MemberContact', {
    description: "The member's name and contact: null unless the member lets you see them (`profile`).",
  });

export const route = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}/consent',
  operationId: 'getMemberConsent',
  tags: ['Partner: members'],
  summary: 'What the member allows you',
  description:
    'What the member allows you beyond the transaction itself, now (defaults: tier and balance yes, profile and messages no); their name and contact with `profile`. Changes come as `consent.changed`.',
  ...accepts('partner'),
  request: { params: memberIdParams },
  responses: {
    200: {
      description: 'The consent.',
      content: {
        'application/json': {
          schema: z
            .object({
              memberId: z
                .string()
                .openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              scopes: consentScopesSchema,
              contact: partnerContactSchema,
            })
            .openapi('MemberConsent'),
        },
      },
    },
    ...errorResponses(...AUTH_REFUSALS, 'member_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const deps = c.get('deps');
  const member = await findMember(deps.db, memberId);
  if (member === undefined || member.status !== 'active')
    fail({ code: 'member_not_found', detail: `Member ${memberId} does not exist.` });
  const { partnerId } = principalOf(c, 'partner');
  return c.json(await consentForPartner(deps, partnerId, memberId), 200);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { tierForPartner } from '../../status/partner-read.js';
import { timestamp } from '../schemas.js';
import { tierSchema } from '../status/schemas.js';
import { memberIdParams } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}/tier',
  operationId: 'getMemberTier',
  tags: ['Partner: status'],
  summary: "A member's tier, to give its benefits",
  description:
    "The member's network tier and what it gives (an earn multiplier, room upgrades, perks), for the partner to honour at its counter; never the qualifying credits behind it. Pools share points, never status. Only with the member's `tier` consent (403 `consent_required`).",
  ...accepts('partner'),
  request: { params: memberIdParams },
  responses: {
    200: {
      description: 'The tier.',
      content: {
        'application/json': {
          schema: z
            .object({
              memberId: z
                .string()
                .openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              tier: tierSchema.nullable().openapi({ description: 'The tier held now; null for none.' }),
              validUntil: timestamp('When it ends (exclusive)').nullable().openapi({
                description: 'When it ends (exclusive); null for life or none.',
                example: '2028-01-01T00:00:00.000Z',
              }),
              validThrough: z
                .string()
                .nullable()
                .openapi({ description: 'Its last day, as the member reads it.', example: '31 Dec 2027' }),
            })
            .openapi('MemberTier'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token', 'member_not_found', 'consent_required'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const { partnerId } = principalOf(c, 'partner');
  const view = await tierForPartner(c.get('deps'), partnerId, memberId);
  if (view === undefined) fail({ code: 'member_not_found', detail: `Member ${memberId} does not exist.` });
  if (isDomainError(view)) fail(view);
  return c.json(view, 200);
};

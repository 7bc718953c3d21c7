import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { claimView } from '../../members/claim.js';
import { ENROL_REFUSALS, planEnrol } from '../../members/enrol.js';
import { idempotencyHeaders, timestamp } from '../schemas.js';
import { claimSchema } from './schemas.js';

export const enrolMemberBody = z
  .object({
    externalReference: z.string().trim().min(1).max(64).optional().openapi({
      description: 'A card number or similar, unique across the whole network.',
      example: 'CARD-4000-1234-5678',
    }),
  })
  .strict()
  .openapi('EnrolMember', { example: { externalReference: 'CARD-4000-1234-5678' } });

export const memberSchema = z
  .object({
    id: z.string().openapi({ description: 'Member id.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    externalReference: z
      .string()
      .nullable()
      .openapi({ description: 'The external reference, if one was given.', example: 'CARD-4000-1234-5678' }),
    enrolledByPartnerId: z.string().openapi({
      description: 'The partner that enrolled the member.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    createdAt: timestamp('When the member was enrolled'),
    claim: claimSchema,
  })
  .openapi('Member');

export const route = createRoute({
  method: 'post',
  path: '/v1/members',
  operationId: 'enrolMember',
  tags: ['Partner: members'],
  summary: 'Enrol a member',
  description:
    "Any partner may enrol a member, who then earns and redeems at every partner. The answer carries a one-time claim code (and a wallet link to print as a QR code) with which the member claims the wallet and registers a passkey. A reference another member holds is 409 `external_reference_taken`, with that member's id in `memberId`.",
  ...accepts('partner'),
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: enrolMemberBody } } },
  },
  responses: {
    201: { description: 'The enrolled member.', content: { 'application/json': { schema: memberSchema } } },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...ENROL_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { partnerId } = principalOf(c, 'partner');
  const deps = c.get('deps');
  const outcome = await write(c, 'required', body, () => planEnrol(deps, partnerId, body));
  c.header('cache-control', 'no-store');
  return c.json({ ...outcome.body, claim: await claimView(deps, outcome.body.claim) }, 201);
};

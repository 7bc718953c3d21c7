import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { errorResponses, fail } from '../../http/problems.js';
import { INVITATION_REFUSALS, invitationRegistrationOptions } from '../../staff/invitations.js';
import { registrationOptionsSchema } from '../me/passkey-schemas.js';
import { invitationCode } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/staff/invitations/challenges',
  operationId: 'startStaffInvitation',
  tags: ['Public'],
  security: [],
  summary: 'Start accepting an invitation',
  description:
    'Needs no token: the invitation code is the credential. The options for `navigator.credentials.create()` (a discoverable, user-verified passkey), with a challenge valid 5 minutes bound to this invitation. Writes nothing; the invitation stays unused until `POST /v1/staff/invitations/acceptance`.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ code: invitationCode })
            .strict()
            .openapi('StaffInvitationCode', { example: { code: 'K7QF-3M9X-ZP2A-W1HC' } }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The registration options.',
      content: { 'application/json': { schema: registrationOptionsSchema } },
    },
    ...errorResponses(...INVITATION_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const options = await invitationRegistrationOptions(c.get('deps'), c.req.valid('json').code);
  if (isDomainError(options)) fail(options);
  c.header('cache-control', 'no-store');
  return c.json(options, 200);
};

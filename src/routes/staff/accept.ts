import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { ACCEPT_INVITATION_REFUSALS, planAcceptInvitation } from '../../staff/invitations.js';
import { registrationBody } from '../me/passkey-schemas.js';
import { cookieField, invitationCode, staffSessionAnswer, staffSessionSchema } from './schemas.js';

export const acceptanceBody = registrationBody
  .omit({ name: true })
  .extend({ code: invitationCode, cookie: cookieField })
  .openapi('StaffInvitationAcceptance', {
    example: {
      code: 'K7QF-3M9X-ZP2A-W1HC',
      challengeToken: 'eyJhbGciOiJFUzI1NiIs…',
      credential: {
        id: 'q0Rm3WbkTjyD4sHqdu9T0A',
        rawId: 'q0Rm3WbkTjyD4sHqdu9T0A',
        type: 'public-key',
        response: {
          clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0',
          attestationObject: 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjF',
          transports: ['internal'],
        },
      },
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/staff/invitations/acceptance',
  operationId: 'acceptStaffInvitation',
  tags: ['Public'],
  security: [],
  summary: 'Accept an invitation with a passkey',
  description:
    'Needs no token. Keeps the passkey made for `POST /v1/staff/invitations/challenges` (origin in WALLET_ORIGINS, RP ID WEBAUTHN_RP_ID, user verified), uses the invitation once, before it expires, and answers a staff session.',
  request: { body: { required: true, content: { 'application/json': { schema: acceptanceBody } } } },
  responses: {
    201: {
      description: 'The staff user is signed in.',
      content: { 'application/json': { schema: staffSessionSchema } },
    },
    ...errorResponses('write_conflict', ...ACCEPT_INVITATION_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { cookie, ...acceptance } = c.req.valid('json');
  const outcome = await write(c, 'none', {}, () => planAcceptInvitation(c.get('deps'), acceptance));
  c.header('cache-control', 'no-store');
  return c.json(staffSessionAnswer(c, outcome.body, cookie), 201);
};

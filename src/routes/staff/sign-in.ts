import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planStaffSignIn, STAFF_SIGN_IN_REFUSALS } from '../../staff/sessions.js';
import { signInBody } from '../me/passkey-schemas.js';
import { cookieField, staffSessionAnswer, staffSessionSchema } from './schemas.js';

export const staffSignInBody = signInBody.extend({ cookie: cookieField }).openapi('StaffPasskeySignIn');

export const route = createRoute({
  method: 'post',
  path: '/v1/staff/sessions/passkey',
  operationId: 'signInStaff',
  tags: ['Public'],
  security: [],
  summary: 'Sign a staff user in with a passkey',
  description:
    'Needs no token: the passkey is the credential. The assertion must answer an unused challenge of `POST /v1/staff/sessions/passkey/challenges`, signed by an active staff user’s passkey whose counter moves forward. The answer is a staff session of 12 hours.',
  request: { body: { required: true, content: { 'application/json': { schema: staffSignInBody } } } },
  responses: {
    201: {
      description: 'The staff user is signed in.',
      content: { 'application/json': { schema: staffSessionSchema } },
    },
    ...errorResponses('write_conflict', ...STAFF_SIGN_IN_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { cookie, ...request } = c.req.valid('json');
  const outcome = await write(c, 'none', {}, () => planStaffSignIn(c.get('deps'), request));
  c.header('cache-control', 'no-store');
  return c.json(staffSessionAnswer(c, outcome.body, cookie), 201);
};

import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { registrationOptions } from '../../members/passkeys.js';
import { registrationOptionsSchema } from './passkey-schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/me/passkeys/challenges',
  operationId: 'startPasskeyRegistration',
  tags: ['Member: sign-in'],
  summary: 'Start registering a passkey',
  description:
    'The options for `navigator.credentials.create()`: a challenge for this member, valid 5 minutes, the relying party (WEBAUTHN_RP_ID) and the passkeys the member already has. Send the credential the browser makes to `POST /v1/me/passkeys` with the `challengeToken`.',
  ...accepts('member'),
  responses: {
    200: {
      description: 'The registration options.',
      content: { 'application/json': { schema: registrationOptionsSchema } },
    },
    ...errorResponses(),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  c.header('cache-control', 'no-store');
  return c.json(await registrationOptions(c.get('deps'), memberOf(c)), 200);
};

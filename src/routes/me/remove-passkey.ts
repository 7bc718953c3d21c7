import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planRemovePasskey, REMOVE_PASSKEY_REFUSALS } from '../../members/passkeys.js';
import { idParam } from '../schemas.js';

export const route = createRoute({
  method: 'delete',
  path: '/v1/me/passkeys/{passkeyId}',
  operationId: 'removePasskey',
  tags: ['Member: sign-in'],
  summary: 'Remove a passkey',
  description:
    'The passkey stops signing me in, and every session it signed in ends at once (a lost phone). The last passkey cannot be removed (409 `passkey_last`): register another first, or the wallet could only be reached with a recovery claim code.',
  ...accepts('member'),
  request: {
    params: z.object({ passkeyId: idParam('passkeyId', 'pkey', 'pkey_01JD3Z6W3RM0E2F2WB7G0K3T9Q') }),
  },
  responses: {
    204: { description: 'Removed.' },
    ...errorResponses(...WRITE_ERRORS, ...REMOVE_PASSKEY_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { passkeyId } = c.req.valid('param');
  await write(c, 'none', {}, () => planRemovePasskey(c.get('deps'), memberOf(c), passkeyId));
  return c.body(null, 204);
};

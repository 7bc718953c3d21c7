import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { memberPasskeys } from '../../db/passkeys.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { passkeyView } from '../../members/passkeys.js';
import { passkeySchema } from './passkey-schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/passkeys',
  operationId: 'listMyPasskeys',
  tags: ['Member: sign-in'],
  summary: 'My passkeys',
  description: 'Every passkey that can sign me in, oldest first.',
  ...accepts('member'),
  responses: {
    200: {
      description: 'The passkeys.',
      content: {
        'application/json': {
          schema: z
            .object({ data: z.array(passkeySchema).openapi({ description: 'Oldest first.' }) })
            .openapi('PasskeyList'),
        },
      },
    },
    ...errorResponses(),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const rows = await memberPasskeys(c.get('deps').db, memberOf(c));
  return c.json({ data: rows.map(passkeyView) }, 200);
};

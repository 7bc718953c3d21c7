import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { readContactSettings } from '../../members/contact-settings.js';
import { contactSettingsSchema } from './contact-schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/contact-settings',
  operationId: 'getMyContactSettings',
  tags: ['Member: consent and inbox'],
  summary: 'How often and when I may be contacted',
  description:
    "My contact cap (messages in any seven days, every partner's and the network's invitations together), per topic, and my quiet hours.",
  ...accepts('member'),
  responses: {
    200: {
      description: 'My contact settings.',
      content: { 'application/json': { schema: contactSettingsSchema } },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  return c.json(await readContactSettings(c.get('deps'), memberOf(c)), 200);
};

import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planSetContactSettings } from '../../members/contact-settings.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { contactSettingsInputSchema, contactSettingsSchema } from './contact-schemas.js';

export const route = createRoute({
  method: 'put',
  path: '/v1/me/contact-settings',
  operationId: 'setMyContactSettings',
  tags: ['Member: consent and inbox'],
  summary: 'Lower my contact cap, set quiet hours',
  description:
    "Replaces my contact settings: my own weekly cap (the network's applies when it is lower), a lower cap per topic, and quiet hours in my time zone. Messages delivered from then on respect them.",
  ...accepts('member'),
  request: {
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: contactSettingsInputSchema } } },
  },
  responses: {
    200: {
      description: 'My contact settings as saved.',
      content: { 'application/json': { schema: contactSettingsSchema } },
    },
    ...errorResponses(...WRITE_ERRORS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const input = c.req.valid('json');
  const outcome = await write(c, 'optional', input, () =>
    planSetContactSettings(c.get('deps'), memberOf(c), input),
  );
  return c.json(outcome.body, 200);
};

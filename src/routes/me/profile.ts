import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { readProfile } from '../../members/profile.js';
import { timestamp } from '../schemas.js';

const nullable = (description: string, example: string) =>
  z
    .string()
    .nullable()
    .openapi({ description: `${description}; null when not given.`, example });

export const profileSchema = z
  .object({
    displayName: nullable('How the member wants to be called', 'Jana'),
    email: nullable('Contact e-mail address', 'jana@example.com'),
    phone: nullable('Contact phone number, E.164', '+420601234567'),
    locale: nullable('Preferred language, a BCP 47 tag', 'cs-CZ'),
    homeCountry: nullable('Home country, ISO 3166-1 alpha-2', 'CZ'),
    postalArea: nullable('Postal area (the start of a postal code, for neighbourhood figures)', '110 00'),
    updatedAt: timestamp('When the member last changed it').nullable(),
  })
  .openapi('Profile', { description: 'What the member tells about themselves; every field optional.' });

export const route = createRoute({
  method: 'get',
  path: '/v1/me/profile',
  operationId: 'getMyProfile',
  tags: ['Member: profile'],
  summary: 'My profile',
  description:
    'What I told the coalition about myself. Partners see the name and contact only with my consent (`PUT /v1/me/consents/{partnerId}`).',
  ...accepts('member'),
  responses: {
    200: { description: 'The profile.', content: { 'application/json': { schema: profileSchema } } },
    ...errorResponses(),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  return c.json(await readProfile(c.get('deps'), memberOf(c)), 200);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planUpdateProfile } from '../../members/profile.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { profileSchema } from './profile.js';

const field = (schema: z.ZodType<string, string>, description: string, example: string) =>
  schema
    .nullable()
    .optional()
    .openapi({ description: `${description}; null clears it, leaving it out keeps it.`, example });

export const profileChanges = z
  .object({
    displayName: field(z.string().trim().min(1).max(80), 'How the member wants to be called', 'Jana'),
    email: field(z.email().max(254), 'Contact e-mail address', 'jana@example.com'),
    phone: field(
      z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +420601234567'),
      'Contact phone number, E.164',
      '+420601234567',
    ),
    locale: field(
      z
        .string()
        .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/, 'must be a BCP 47 language tag such as cs-CZ'),
      'Preferred language, a BCP 47 tag',
      'cs-CZ',
    ),
    homeCountry: field(
      z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as CZ'),
      'Home country, ISO 3166-1 alpha-2',
      'CZ',
    ),
    postalArea: field(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{0,11}$/, 'must be 1 to 12 letters, digits, spaces or dashes'),
      'Postal area, the start of a postal code',
      '110 00',
    ),
  })
  .strict()
  .openapi('ProfileChanges', {
    example: {
      displayName: 'Jana',
      email: 'jana@example.com',
      phone: '+420601234567',
      locale: 'cs-CZ',
      homeCountry: 'CZ',
      postalArea: '110 00',
    },
  });

export const route = createRoute({
  method: 'patch',
  path: '/v1/me/profile',
  operationId: 'updateMyProfile',
  tags: ['Member: profile'],
  summary: 'Change my profile',
  description:
    'Every field is optional and mine to give, change or clear. Partners I let see my name and contact are told that it changed (`member.profile_changed`, naming the fields, never their values).',
  ...accepts('member'),
  request: {
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: profileChanges } } },
  },
  responses: {
    200: {
      description: 'The profile as changed.',
      content: { 'application/json': { schema: profileSchema } },
    },
    ...errorResponses(...WRITE_ERRORS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const changes = c.req.valid('json');
  const outcome = await write(c, 'optional', changes, () =>
    planUpdateProfile(c.get('deps'), memberOf(c), changes),
  );
  return c.json(outcome.body, 200);
};

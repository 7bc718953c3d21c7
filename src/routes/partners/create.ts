import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { SECTORS } from '../../domain/partners.js';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { ONBOARD_REFUSALS, planOnboard } from '../../partners/manage.js';
import { currencyCode } from '../schemas.js';
import { partnerSchema, partnerTermsFields, toPartnerResponse } from './schemas.js';

export const createPartnerBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: 'Display name shown to members.', example: 'Harbor Hotel San Diego' }),
    sector: z.enum(SECTORS).openapi({ description: 'Business sector.', example: 'hotel' }),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "US"')
      .openapi({ description: 'ISO 3166-1 alpha-2 country.', example: 'US' }),
    settlementCurrency: currencyCode.openapi({
      description: 'Currency the partner settles in.',
      example: 'USD',
    }),
    ...partnerTermsFields,
    categoryMultipliers: partnerTermsFields.categoryMultipliers.default({}),
    qualifyingCreditsPerPoint: partnerTermsFields.qualifyingCreditsPerPoint.optional(),
  })
  .strict()
  .openapi('CreatePartner', {
    example: {
      name: 'Harbor Hotel San Diego',
      sector: 'hotel',
      country: 'US',
      settlementCurrency: 'USD',
      earnRate: '1',
      issuePrice: '0.012',
      redeemRate: '0.009',
      categoryMultipliers: { spa: '2' },
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/partners',
  operationId: 'createPartner',
  tags: ['Operator: partners'],
  summary: 'Onboard a partner',
  description:
    'Creates a partner with its commercial terms. Register a public key next so it can sign tokens.',
  ...accepts('operator'),
  request: { body: { required: true, content: { 'application/json': { schema: createPartnerBody } } } },
  responses: {
    201: { description: 'The partner.', content: { 'application/json': { schema: partnerSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...ONBOARD_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const outcome = await write(c, 'none', body, () =>
    planOnboard(c.get('deps'), body, auditHook(c, 'partner.create')),
  );
  return c.json(toPartnerResponse(outcome.body), 201);
};

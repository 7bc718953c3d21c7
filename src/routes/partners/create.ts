import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { runBatch } from '../../db/database.js';
import { insertPartnerStatements } from '../../db/partners.js';
import { isDomainError } from '../../domain/errors.js';
import { checkSettlementCurrency, parseTerms, SECTORS } from '../../domain/partners.js';
import { audited } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
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
  })
  .strict()
  .openapi('CreatePartner');

export const route = createRoute({
  method: 'post',
  path: '/v1/partners',
  tags: ['Operator: partners'],
  summary: 'Onboard a partner',
  description:
    'Creates a partner with its commercial terms. Register a public key next so it can sign tokens.',
  ...accepts('operator'),
  request: { body: { required: true, content: { 'application/json': { schema: createPartnerBody } } } },
  responses: {
    201: { description: 'The partner.', content: { 'application/json': { schema: partnerSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'unknown_currency', 'invalid_amount'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { db, ids, clock } = c.get('deps');
  const currencyError = checkSettlementCurrency(body.settlementCurrency);
  if (currencyError) fail(currencyError);
  const terms = parseTerms(body);
  if (isDomainError(terms)) fail(terms);
  const now = clock();
  const row = {
    id: ids('ptn'),
    name: body.name,
    sector: body.sector,
    country: body.country,
    settlementCurrency: body.settlementCurrency,
    earnRate: body.earnRate,
    issuePrice: body.issuePrice,
    redeemRate: body.redeemRate,
    categoryMultipliers: JSON.stringify(body.categoryMultipliers),
    status: 'active' as const,
    createdAt: now,
    updatedAt: now,
  };
  const { name, sector, country, settlementCurrency, earnRate, issuePrice, redeemRate, categoryMultipliers } =
    body;
  const summary = {
    name,
    sector,
    country,
    settlementCurrency,
    earnRate,
    issuePrice,
    redeemRate,
    categoryMultipliers,
  };
  await runBatch(db, [
    ...insertPartnerStatements(db, row),
    audited(c, { action: 'partner.create', target: row.id, summary }),
  ]);
  return c.json(toPartnerResponse(row), 201);
};

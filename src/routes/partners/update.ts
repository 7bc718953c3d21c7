import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planUpdatePartner, UPDATE_PARTNER_REFUSALS } from '../../partners/manage.js';
import { partnerIdParams, partnerSchema, partnerTermsFields, toPartnerResponse } from './schemas.js';

export const updatePartnerBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Display name shown to members.', example: 'Harbor Hotel & Spa San Diego' }),
    earnRate: partnerTermsFields.earnRate.optional(),
    issuePrice: partnerTermsFields.issuePrice.optional(),
    redeemRate: partnerTermsFields.redeemRate.optional(),
    categoryMultipliers: partnerTermsFields.categoryMultipliers.optional().openapi({
      description: 'Replaces the whole map of per-category earn multipliers; `{}` removes them all.',
      example: { prescription: '0' },
    }),
    qualifyingCreditsPerPoint: partnerTermsFields.qualifyingCreditsPerPoint.optional(),
    status: z.enum(['active', 'suspended']).optional().openapi({
      description:
        '`suspended` refuses every token of the partner at once; `active` lets them through again.',
      example: 'suspended',
    }),
  })
  .strict()
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'send at least one field to change',
  )
  .openapi('UpdatePartner', {
    minProperties: 1,
    example: { earnRate: '1.5', categoryMultipliers: { spa: '2', minibar: '0' } },
  });

export const route = createRoute({
  method: 'patch',
  path: '/v1/partners/{partnerId}',
  operationId: 'updatePartner',
  tags: ['Operator: partners'],
  summary: 'Change a partner: name, terms, suspension',
  description:
    "Changes only the fields sent. New earning terms apply from now on: each transaction records the earn rate it used, and its reversals reuse it. Suspending refuses the partner's tokens from the next request; reactivating restores them.",
  ...accepts('operator'),
  request: {
    params: partnerIdParams,
    body: { required: true, content: { 'application/json': { schema: updatePartnerBody } } },
  },
  responses: {
    200: {
      description: 'The partner as changed.',
      content: { 'application/json': { schema: partnerSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, ...UPDATE_PARTNER_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId } = c.req.valid('param');
  const body = c.req.valid('json');
  const outcome = await write(c, 'none', body, () =>
    planUpdatePartner(c.get('deps'), partnerId, body, auditHook(c, 'partner.update')),
  );
  return c.json(toPartnerResponse(outcome.body), 200);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { findPartner, type PartnerChanges, updatePartnerStatement } from '../../db/partners.js';
import { isDomainError } from '../../domain/errors.js';
import { parseTerms } from '../../domain/partners.js';
import { auditedIfChanged } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
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
  .openapi('UpdatePartner');

export const route = createRoute({
  method: 'patch',
  path: '/v1/partners/{partnerId}',
  tags: ['Operator: partners'],
  summary: 'Change a partner: name, terms, suspension',
  description:
    "Changes only the fields sent. New earning terms apply to transactions from now on: each transaction records the earn rate it used, and its reversals reuse that rate, never today's. Suspending refuses the partner's tokens from the next request on; reactivating restores them.",
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
    ...errorResponses('unauthorized', 'invalid_token', 'partner_not_found', 'invalid_amount'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId } = c.req.valid('param');
  const body = c.req.valid('json');
  const { db, clock } = c.get('deps');
  const current = await findPartner(db, partnerId);
  if (current === undefined) fail({ code: 'partner_not_found', detail: `There is no partner ${partnerId}.` });
  // The terms are checked as a whole, as onboarding checks them; only the sent fields are written.
  const terms = parseTerms({
    earnRate: body.earnRate ?? current.earnRate,
    issuePrice: body.issuePrice ?? current.issuePrice,
    redeemRate: body.redeemRate ?? current.redeemRate,
    categoryMultipliers:
      body.categoryMultipliers ?? (JSON.parse(current.categoryMultipliers) as Record<string, string>),
  });
  if (isDomainError(terms)) fail(terms);
  const changes: PartnerChanges = {
    name: body.name,
    earnRate: body.earnRate,
    issuePrice: body.issuePrice,
    redeemRate: body.redeemRate,
    categoryMultipliers:
      body.categoryMultipliers === undefined ? undefined : JSON.stringify(body.categoryMultipliers),
    status: body.status,
  };
  const action =
    body.status === 'suspended'
      ? 'partner.suspend'
      : body.status === 'active'
        ? 'partner.reactivate'
        : 'partner.update';
  // The audit row goes into the same batch, and only if the partner was still there to change.
  const [updatedRows] = await db.batch([
    updatePartnerStatement(db, partnerId, changes, clock()),
    auditedIfChanged(c, { action, target: partnerId, summary: { changes: body } }),
  ]);
  const updated = updatedRows[0];
  if (updated === undefined) fail({ code: 'partner_not_found', detail: `There is no partner ${partnerId}.` });
  return c.json(toPartnerResponse(updated), 200);
};

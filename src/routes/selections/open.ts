import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { type CohortRequest, OPEN_REFUSALS, planOpenSelection } from '../../selections/open.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { selectionSchema } from './schemas.js';

export const openBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: 'What members see.', example: 'Experiences 2027' }),
    cohort: z
      .discriminatedUnion('type', [
        z
          .object({
            type: z
              .literal('points')
              .openapi({ description: 'By points held at a date.', example: 'points' }),
            minPoints: z
              .number()
              .int()
              .min(1)
              .max(Number.MAX_SAFE_INTEGER)
              .openapi({ description: 'At least this many points in their own wallet.', example: 2000 }),
            asOf: z.string().datetime({ offset: true }).openapi({
              description: 'At this moment, not in the future (RFC 3339).',
              example: '2026-11-01T00:00:00Z',
            }),
          })
          .strict()
          .openapi('PointsCohortRequest'),
        z
          .object({
            type: z.literal('tier').openapi({
              description:
                'By status tier: every member holding one of `tiers` when the choice opens (a snapshot, taken once).',
              example: 'tier',
            }),
            tiers: z
              .array(z.string().min(1).max(40))
              .min(1)
              .max(20)
              .openapi({
                description: 'Tier codes of the ladder in force; any of them is enough.',
                example: ['gold', 'platinum'],
              }),
            minPoints: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().openapi({
              description: 'With `asOf`: also at least this many points in their own wallet.',
              example: 2000,
            }),
            asOf: z.string().datetime({ offset: true }).optional().openapi({
              description: 'With `minPoints`: the points held at this moment, not in the future (RFC 3339).',
              example: '2026-11-01T00:00:00Z',
            }),
          })
          .strict()
          .openapi('TierCohortRequest'),
      ])
      .openapi({ description: 'Who is invited.' }),
    giftCardShare: z
      .string()
      .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'must be a decimal above 0 and at most 1, such as "0.8"')
      .default('1')
      .openapi({
        description: "The share of a member's points their gift card is worth (default all).",
        example: '1',
      }),
    closesAt: z
      .string()
      .datetime({ offset: true })
      .openapi({ description: 'When choices end (RFC 3339).', example: '2027-01-31T23:00:00Z' }),
  })
  .strict()
  .openapi('SelectionRequest', {
    example: {
      name: 'Experiences 2027',
      cohort: { type: 'points', minPoints: 2000, asOf: '2026-11-01T00:00:00Z' },
      giftCardShare: '1',
      closesAt: '2099-01-31T23:00:00Z',
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/selections',
  operationId: 'openSelection',
  tags: ['Operator: yearly choice'],
  summary: 'Open a yearly choice for a cohort',
  description:
    'Fixes the cohort (every member who held at least `minPoints` at `asOf`, or who holds one of `tiers` now — a snapshot — and `minPoints` at `asOf` if given) and invites each member (`selection.invited`). Members choose by reserving an item with this `selectionId`; closing the window gives every member who chose nothing a gift card. Audited.',
  ...accepts('operator'),
  request: {
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: openBody } } },
  },
  responses: {
    201: {
      description: 'The yearly choice, open.',
      content: { 'application/json': { schema: selectionSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, ...OPEN_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const openedBy = principalOf(c, 'operator').subject;
  const asked = body.cohort;
  const cohort: CohortRequest =
    asked.type === 'points'
      ? { ...asked, asOf: Date.parse(asked.asOf) }
      : {
          type: 'tier',
          tiers: asked.tiers,
          minPoints: asked.minPoints ?? null,
          asOf: asked.asOf === undefined ? null : Date.parse(asked.asOf),
        };
  const outcome = await write(c, 'optional', body, () =>
    planOpenSelection(
      c.get('deps'),
      {
        name: body.name,
        cohort,
        giftCardShare: body.giftCardShare,
        closesAt: Date.parse(body.closesAt),
        openedBy,
      },
      auditHook(c, 'selection.open'),
    ),
  );
  return c.json(outcome.body, 201);
};

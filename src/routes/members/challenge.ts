import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { CHALLENGE_REFUSALS, planStatusChallenge } from '../../status/challenges.js';
import { optionalIdempotencyHeaders, timestamp } from '../schemas.js';
import { statusSchema } from '../status/schemas.js';
import { memberIdParams } from './schemas.js';

export const challengeBody = z
  .object({
    tier: z
      .string()
      .min(1)
      .max(32)
      .openapi({ description: 'The tier code granted on trial.', example: 'gold' }),
    days: z.number().int().min(1).max(366).openapi({ description: 'How long the trial lasts.', example: 90 }),
    targetCredits: z.number().int().min(0).max(1_000_000_000).openapi({
      description:
        'Qualifying credits to earn within the trial to keep the tier (until the end of the following window, like any qualification); 0 matches the status outright.',
      example: 1500,
    }),
    reason: z.string().trim().min(1).max(500).openapi({
      description: 'Why: the status matched, the campaign.',
      example: 'Status match: Gold at a competing hotel group',
    }),
  })
  .strict()
  .openapi('StatusChallenge', {
    example: {
      tier: 'gold',
      days: 90,
      targetCredits: 1500,
      reason: 'Status match: Gold at a competing hotel group',
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/members/{memberId}/status-challenges',
  operationId: 'grantStatusChallenge',
  tags: ['Operator: status'],
  summary: 'Match a status, or set a challenge',
  description:
    'A status match (target 0) or challenge: the member holds the tier on trial for `days`, and keeps it by earning `targetCredits` qualifying credits within them. Shown at once, with its reason; audited.',
  ...accepts('operator'),
  request: {
    params: memberIdParams,
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: challengeBody } } },
  },
  responses: {
    201: {
      description: 'The challenge and the status it gives.',
      content: {
        'application/json': {
          schema: z
            .object({
              id: z
                .string()
                .openapi({ description: 'The challenge.', example: 'chl_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              memberId: z
                .string()
                .openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              tier: z.string().openapi({ description: 'The tier on trial.', example: 'gold' }),
              startsAt: timestamp('When the trial started'),
              endsAt: timestamp('When it ends'),
              targetCredits: z.number().int().openapi({ description: 'The target.', example: 1500 }),
              reason: z.string().openapi({ description: 'Why.', example: 'Status match' }),
              status: statusSchema,
            })
            .openapi('StatusChallengeGranted'),
        },
      },
    },
    ...errorResponses(...WRITE_ERRORS, ...CHALLENGE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const body = c.req.valid('json');
  const { subject } = principalOf(c, 'operator');
  const outcome = await write(c, 'optional', body, () =>
    planStatusChallenge(c.get('deps'), memberId, body, subject, auditHook(c, 'member.status_challenge')),
  );
  return c.json(outcome.body, 201);
};

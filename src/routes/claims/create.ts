import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { countGuessOrRefuse } from '../../http/guesses.js';
import { errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { CLAIM_REFUSALS, planClaim } from '../../members/claim.js';
import { timestamp } from '../schemas.js';
import { cookieField, sessionAnswer, sessionSchema } from '../sessions/schemas.js';

export const claimBody = z
  .object({
    code: z.string().trim().min(1).max(64).openapi({
      description:
        'The claim code from the enrolment receipt (or a recovery code), as printed: case, spaces and dashes do not matter.',
      example: '7KQ2-M9XD-4TRB-W1HC',
    }),
    cookie: cookieField,
  })
  .strict()
  .openapi('Claim', { example: { code: '7KQ2-M9XD-4TRB-W1HC' } });

export const route = createRoute({
  method: 'post',
  path: '/v1/claims',
  operationId: 'claimWallet',
  tags: ['Public'],
  security: [],
  summary: 'Claim a wallet with a claim code',
  description:
    'Needs no token: the claim code is the credential. It works once, until it expires (CLAIM_CODE_DAYS) or a newer one replaces it, and answers a member session for registering a passkey. Wrong codes are counted per client address: after CLAIM_GUESSES_PER_HOUR (10) the address waits for the next hour (429 `rate_limited`, `Retry-After`).',
  request: { body: { required: true, content: { 'application/json': { schema: claimBody } } } },
  responses: {
    201: {
      description: 'The member is signed in.',
      content: {
        'application/json': {
          schema: sessionSchema
            .extend({ claimedAt: timestamp('When the wallet was first claimed') })
            .openapi('ClaimedSession'),
        },
      },
    },
    ...errorResponses('rate_limited', 'write_conflict', ...CLAIM_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { code, cookie } = c.req.valid('json');
  const { forgive } = await countGuessOrRefuse(c, 'claim');
  const outcome = await write(c, 'none', {}, () => planClaim(c.get('deps'), code, [forgive]));
  c.header('cache-control', 'no-store');
  return c.json({ ...sessionAnswer(c, outcome.body, cookie), claimedAt: outcome.body.claimedAt }, 201);
};

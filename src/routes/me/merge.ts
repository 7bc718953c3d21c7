import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { countGuessOrRefuse } from '../../http/guesses.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { MERGE_REFUSALS, planMerge } from '../../merges/merge.js';
import { optionalIdempotencyHeaders, timestamp } from '../schemas.js';

export const mergeBody = z
  .object({
    claimCode: z.string().trim().min(1).max(64).openapi({
      description:
        'A claim code of the other membership (from its enrolment receipt, or a recovery code its partner issued): the proof that it is yours too. Used up by the merge.',
      example: '7KQ2-M9XD-4TRB-W1HC',
    }),
  })
  .strict()
  .openapi('MergeMembership', { example: { claimCode: '7KQ2-M9XD-4TRB-W1HC' } });

const memberIdExample = 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q';

export const mergeSchema = z
  .object({
    memberId: z.string().openapi({
      description: 'The membership you are signed in to: it keeps everything.',
      example: memberIdExample,
    }),
    absorbedMemberId: z.string().openapi({
      description:
        'The membership merged into it. It can no longer sign in or be spent from; partners naming it get 409 `member_merged` with this `memberId`.',
      example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9R',
    }),
    transactionId: z.string().openapi({
      description: 'The merge, as it shows in your activity.',
      example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    pointsMoved: z.number().int().openapi({
      description: 'Points moved to your wallet, lot by lot with their issuer and expiry.',
      example: 1200,
    }),
    lotsMoved: z.number().int().openapi({ description: 'The lots handed over.', example: 3 }),
    qualifyingCreditsMoved: z.number().int().openapi({
      description:
        'Qualifying credits handed over, each in the month it counted in; your status is reviewed with them.',
      example: 1500,
    }),
    debtsMoved: z.number().int().openapi({
      description: 'Points the other membership owed partners (a refund of spent points), now owed by yours.',
      example: 0,
    }),
    mergedAt: timestamp('When the memberships were merged'),
  })
  .openapi('Merge');

export const route = createRoute({
  method: 'post',
  path: '/v1/me/merges',
  operationId: 'mergeMembership',
  tags: ['Member: wallet'],
  summary: 'Merge a second membership into mine',
  description:
    "Merges a second membership of mine (its claim code in the body) into the one I am signed in to, in one write: points with their lots (issuer and expiry intact; a `member_merge` movement, neither earned nor redeemed), qualifying credits (once), debts and partners' card links. Refused while the other has an open hold or reservation or is in a pool, and for a membership merged, erased or my own. Wrong codes count against CLAIM_GUESSES_PER_HOUR, as claims do.",
  ...accepts('member'),
  request: {
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: mergeBody } } },
  },
  responses: {
    201: {
      description: 'The memberships are merged.',
      content: { 'application/json': { schema: mergeSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, 'rate_limited', ...MERGE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { forgive } = await countGuessOrRefuse(c, 'claim');
  const outcome = await write(c, 'optional', body, () =>
    planMerge(c.get('deps'), memberOf(c), body.claimCode, [forgive]),
  );
  return c.json(outcome.body, 201);
};

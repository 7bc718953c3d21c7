import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import {
  type ClaimIssuer,
  claimView,
  ISSUE_CLAIM_REFUSALS,
  planIssueClaimCode,
} from '../../members/claim.js';
import { partnerServesMember } from '../../members/relations.js';
import { idempotencyHeaders } from '../schemas.js';
import { claimSchema, memberIdParams } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/members/{memberId}/claim-codes',
  operationId: 'issueClaimCode',
  tags: ['Partner: members', 'Operator: members'],
  summary: 'Issue a recovery claim code',
  description:
    "A new one-time claim code (valid CLAIM_CODE_DAYS) for a member who lost their passkeys or receipt: they claim the wallet again and register a new passkey. Earlier unused codes stop working; the member's app is told (`member.claim_code_issued`); the issue is audited. A partner may issue one for a member it serves, after checking who asks. A retry with the same Idempotency-Key answers the same code, shown only here.",
  ...accepts('partner', 'operator'),
  request: { params: memberIdParams, headers: idempotencyHeaders },
  responses: {
    201: {
      description: 'The new claim code.',
      content: {
        'application/json': {
          schema: z
            .object({
              memberId: z
                .string()
                .openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              claim: claimSchema,
            })
            .openapi('RecoveryClaimCode'),
        },
      },
    },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...ISSUE_CLAIM_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const deps = c.get('deps');
  const principal = c.get('principal');
  let issuer: Exclude<ClaimIssuer, { kind: 'enrolment' }>;
  if (principal.kind === 'partner') {
    // A member the partner does not serve does not exist for it.
    if (!(await partnerServesMember(deps.db, principal.partnerId, memberId)))
      fail({ code: 'member_not_found', detail: `Member ${memberId} does not exist.` });
    issuer = { kind: 'partner', partnerId: principal.partnerId };
  } else if (principal.kind === 'operator') {
    issuer = { kind: 'operator', subject: principal.subject };
  } else {
    fail({ code: 'forbidden', detail: 'Members claim with their own code.' });
  }
  const outcome = await write(c, 'required', {}, () =>
    planIssueClaimCode(deps, memberId, issuer, auditHook(c, 'member.claim_code_issue')),
  );
  c.header('cache-control', 'no-store');
  return c.json({ memberId, claim: await claimView(deps, outcome.body.claim) }, 201);
};

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { signNetworkToken } from '../../auth/tokens.js';
import { findMember } from '../../db/members.js';
import { audited } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { idParam, isoTime, timestamp } from '../schemas.js';

export const memberTokenSchema = z
  .object({
    token: z.string().openapi({
      description: 'A network-signed JWT (`typ: tessera-member+jwt`) whose `sub` is the member id.',
      example: 'eyJhbGciOiJFUzI1NiIs…',
    }),
    tokenType: z
      .literal('Bearer')
      .openapi({ description: 'Send it as `Authorization: Bearer <token>`.', example: 'Bearer' }),
    expiresAt: timestamp('When the token stops being accepted'),
  })
  .openapi('MemberToken');

export type MemberTokenResponse = z.infer<typeof memberTokenSchema>;

export const route = createRoute({
  method: 'post',
  path: '/v1/members/{memberId}/tokens',
  operationId: 'createMemberToken',
  tags: ['Operator: members'],
  summary: 'Mint a member token',
  description:
    "Signs a short-lived token for the member API (the member's own balance, activity and pools), for the coalition app to hand to the member.",
  ...accepts('operator'),
  request: { params: z.object({ memberId: idParam('memberId', 'mem', 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q') }) },
  responses: {
    201: { description: 'The token.', content: { 'application/json': { schema: memberTokenSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'member_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = c.req.valid('param');
  const { db, config, networkKeys, clock } = c.get('deps');
  if ((await findMember(db, memberId)) === undefined)
    fail({ code: 'member_not_found', detail: `There is no member ${JSON.stringify(memberId)}.` });
  const nowMs = clock();
  const settings = {
    issuer: config.tokenIssuer,
    audience: config.tokenAudience,
    clockToleranceSeconds: config.clockToleranceSeconds,
  };
  const token = await signNetworkToken(networkKeys, settings, {
    kind: 'member',
    subject: memberId,
    ttlSeconds: config.memberTokenTtlSeconds,
    nowMs,
  });
  // The same whole second the token's `exp` claim is computed from.
  const expiresAtMs = (Math.floor(nowMs / 1000) + config.memberTokenTtlSeconds) * 1000;
  // Who was handed a member's key to their account is recorded; the token itself never is.
  const summary = { expiresAt: isoTime(expiresAtMs), ttlSeconds: config.memberTokenTtlSeconds };
  await write(c, 'none', {}, async () => ({
    status: 201,
    body: memberId,
    statements: [audited(c, { action: 'member_token.create', target: memberId, summary })],
  }));
  c.header('cache-control', 'no-store');
  return c.json({ token, tokenType: 'Bearer' as const, expiresAt: isoTime(expiresAtMs) }, 201);
};

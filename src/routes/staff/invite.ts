import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { findPartner } from '../../db/partners.js';
import { isStaffRole } from '../../domain/staff/roles.js';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planInvite } from '../../staff/invitations.js';
import { invitationBody, invitationSchema } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/staff/invitations',
  operationId: 'inviteStaff',
  tags: ['Operator: staff', 'Partner: staff'],
  summary: 'Invite a staff user',
  description:
    'An admin invites a colleague: the operator invites operator staff (admin, finance, support) or the staff of any partner (admin, finance); a partner invites its own. The answer holds a single-use code and the console link that accepts it, valid 7 days and shown once (only its hash is kept). The first operator admin is invited from the command line (`npm run cli -- staff-invite`).',
  ...accepts('operator', 'partner'),
  request: { body: { required: true, content: { 'application/json': { schema: invitationBody } } } },
  responses: {
    201: { description: 'The invitation.', content: { 'application/json': { schema: invitationSchema } } },
    ...errorResponses('forbidden', 'partner_not_found', 'write_conflict'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const principal = c.get('principal');
  if (principal.kind === 'member') fail({ code: 'forbidden', detail: 'Members invite no staff.' });
  const partnerId = principal.kind === 'partner' ? principal.partnerId : (body.partnerId ?? null);
  if (principal.kind === 'partner' && body.partnerId !== undefined && body.partnerId !== partnerId)
    fail({ code: 'forbidden', detail: 'A partner invites only its own staff.' });
  const scope = partnerId === null ? 'operator' : 'partner';
  if (!isStaffRole(scope, body.role))
    fail({
      code: 'validation_failed',
      detail: `The role "${body.role}" is not one of a ${scope}'s staff roles.`,
    });
  const deps = c.get('deps');
  if (partnerId !== null && (await findPartner(deps.db, partnerId)) === undefined)
    fail({ code: 'partner_not_found', detail: `There is no partner ${partnerId}.` });
  const invitedBy =
    principal.staff?.userId ?? (principal.kind === 'operator' ? principal.subject : partnerId);
  const outcome = await write(c, 'none', {}, () =>
    planInvite(
      deps,
      {
        partnerId,
        role: body.role,
        name: body.name,
        invitedBy: invitedBy ?? 'operator',
        consoleOrigin: deps.config.members.walletOrigins[0] ?? new URL(c.req.url).origin,
      },
      auditHook(c, 'staff.invite'),
    ),
  );
  c.header('cache-control', 'no-store');
  return c.json(outcome.body, 201);
};

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { fail } from '../../http/problems.js';
import { setRefreshCookie } from '../../http/session-cookie.js';
import type { StaffGrant } from '../../staff/sessions.js';
import { timestamp } from '../schemas.js';
import { cookieField } from '../sessions/schemas.js';

export { cookieField };

const userId = z
  .string()
  .openapi({ description: 'The staff user.', example: 'stf_01JD3Z6W3RM0E2F2WB7G0K3T9Q' });
const role = z.enum(['admin', 'finance', 'support']).openapi({
  description:
    "What the staff user may do: an admin everything their principal may; finance the money (FX, periods, payments, disputes; a partner's: acknowledge and dispute); support (operator only) goodwill credits and claim codes. Every role reads.",
  example: 'finance',
});
const partnerId = z.string().nullable().openapi({
  description: 'The partner whose staff the user is; null for operator staff.',
  example: null,
});

export const staffUserSchema = z
  .object({
    id: userId,
    partnerId,
    role,
    name: z.string().openapi({ description: 'Their name, as the admin wrote it.', example: 'Giulia Conti' }),
    status: z.enum(['invited', 'active', 'disabled']).openapi({
      description: '`invited` until the invitation is accepted with a passkey.',
      example: 'active',
    }),
    createdAt: timestamp('When they were invited'),
  })
  .openapi('StaffUser');

export const invitationBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .openapi({ description: 'Who is invited.', example: 'Giulia Conti' }),
    role,
    partnerId: z.string().max(64).optional().openapi({
      description:
        'For the operator: the partner whose staff to invite (absent: operator staff). A partner invites only its own staff and may leave it out.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
  })
  .strict()
  .openapi('StaffInvitationRequest', {
    example: { name: 'Giulia Conti', role: 'finance', partnerId: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' },
  });

export const invitationSchema = z
  .object({
    user: staffUserSchema,
    code: z.string().openapi({
      description: 'The single-use invitation code, shown once: Tessera keeps only its hash.',
      example: 'K7QF-3M9X-ZP2A-W1HC',
    }),
    url: z.string().openapi({
      description: 'The console link that accepts it (the code in the fragment, never sent to a server log).',
      example: 'https://tessera.example/console/#join=K7QF3M9XZP2AW1HC',
    }),
    expiresAt: timestamp('When the invitation stops working (7 days)'),
  })
  .openapi('StaffInvitation');

export const invitationCode = z.string().min(1).max(40).openapi({
  description: 'The invitation code, with or without dashes.',
  example: 'K7QF-3M9X-ZP2A-W1HC',
});

export const staffSessionSchema = z
  .object({
    userId,
    name: z.string().openapi({ description: 'The staff user’s name.', example: 'Giulia Conti' }),
    role,
    partnerId,
    sessionId: z.string().openapi({ description: 'The session.', example: 'sts_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    accessToken: z.string().openapi({
      description:
        'A network-signed staff token (`typ: tessera-staff+jwt`) for every operator route (operator staff) or partner route (partner staff) the role allows, valid MEMBER_SESSION_TTL_SECONDS.',
      example: 'eyJhbGciOiJFUzI1NiIs…',
    }),
    tokenType: z
      .literal('Bearer')
      .openapi({ description: 'Send it as `Authorization: Bearer <token>`.', example: 'Bearer' }),
    expiresAt: timestamp('When the access token stops being accepted'),
    refreshToken: z.string().nullable().openapi({
      description:
        'Single use, as a member’s. Null when it was put in the `__Host-tessera-staff-refresh` cookie.',
      example: null,
    }),
    refreshExpiresAt: timestamp(
      'When the session ends (12 hours after sign-in), however often it is refreshed',
    ),
  })
  .openapi('StaffSession');

/** The answer of a staff sign-in, the refresh token in the body or in the staff cookie. */
export function staffSessionAnswer(c: Context<AppEnv>, grant: StaffGrant, cookie: boolean | undefined) {
  if (cookie !== true) return grant;
  setRefreshCookie(c, grant.refreshToken, grant.refreshExpiresAt, 'staff');
  return { ...grant, refreshToken: null };
}

/**
 * The staff cookie is SameSite=Strict, so another site's page cannot make a browser send it; and a
 * request that says where it comes from must come from this origin or a wallet origin.
 */
export function requireSameOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  const allowed = [new URL(c.req.url).origin, ...c.get('deps').config.members.walletOrigins];
  if (!allowed.includes(origin))
    fail({ code: 'forbidden', detail: `A request from ${origin} may not use the staff session cookie.` });
}

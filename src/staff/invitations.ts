import {
  isFailure,
  PASSKEY_ALGORITHMS,
  type RegistrationResponse,
  verifyRegistration,
} from '../auth/webauthn.js';
import { issueChallenge, openChallenge } from '../auth/webauthn-challenges.js';
import type { AuditHook } from '../db/audit.js';
import { isChallengeUsed, useChallengeStatement } from '../db/passkeys.js';
import { staffPasskeys } from '../db/schema/index.js';
import {
  acceptInvitationStatements,
  findInvitation,
  findStaffPasskeyByCredential,
  inviteStatements,
  type StaffUserRow,
} from '../db/staff.js';
import { type DomainError, domainError, type RefusalOf } from '../domain/errors.js';
import { groupCode, isCodeShaped, normalizeCode, randomCode } from '../domain/members/codes.js';
import { sha256Hex } from '../domain/sha256.js';
import type { StaffRole } from '../domain/staff/roles.js';
import type { WritePlan } from '../writes/plan.js';
import {
  CEREMONY_TIMEOUT_MS,
  openStaffSession,
  relyingParty,
  type StaffContext,
  type StaffGrant,
  tokenSettings,
} from './sessions.js';

/** An invitation works once, for this long. */
export const INVITATION_DAYS = 7;
const INVITATION_CODE_LENGTH = 16;
const DAY_MS = 86_400_000;

export interface StaffUserView {
  readonly id: string;
  readonly partnerId: string | null;
  readonly role: StaffRole;
  readonly name: string;
  readonly status: StaffUserRow['status'];
  readonly createdAt: string;
}

export function staffUserView(row: StaffUserRow): StaffUserView {
  return {
    id: row.id,
    partnerId: row.partnerId,
    role: row.role,
    name: row.name,
    status: row.status,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export interface Invitation {
  readonly user: StaffUserView;
  readonly code: string;
  readonly url: string;
  readonly expiresAt: string;
}

/** Who invites, for whom, with which role. The route has already checked the inviter may. */
export interface InvitationRequest {
  readonly partnerId: string | null;
  readonly role: StaffRole;
  readonly name: string;
  readonly invitedBy: string;
  /** Where the console is served, for the link the invitee opens. */
  readonly consoleOrigin: string;
}

/**
 * A new staff user and their invitation. The code is random and only its hash is kept, so it is
 * shown once: an invitation lost is replaced by a new one. The partner must exist (a foreign key).
 */
export async function planInvite(
  context: StaffContext,
  request: InvitationRequest,
  audit: AuditHook,
): Promise<WritePlan<Invitation>> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const code = randomCode(INVITATION_CODE_LENGTH);
  const expiresAtMs = nowMs + INVITATION_DAYS * DAY_MS;
  const user: StaffUserRow = {
    id: ids('stf'),
    partnerId: request.partnerId,
    role: request.role,
    name: request.name,
    status: 'invited',
    invitedBy: request.invitedBy,
    createdAt: nowMs,
  };
  return {
    status: 201,
    body: {
      user: staffUserView(user),
      code: groupCode(code),
      // In the fragment, so that the code never reaches a server log on its way to the console.
      url: `${request.consoleOrigin}/console/#join=${code}`,
      expiresAt: new Date(expiresAtMs).toISOString(),
    },
    statements: [
      ...inviteStatements(db, user, { codeHash: await invitationHash(code), expiresAt: expiresAtMs }),
      ...audit(user.id, { partnerId: request.partnerId, role: request.role }),
    ],
  };
}

export const INVITATION_REFUSALS = [
  'staff_invitation_invalid',
  'staff_invitation_used',
  'staff_invitation_expired',
] as const;

async function openInvitation(context: StaffContext, code: string) {
  const normalized = normalizeCode(code);
  if (!isCodeShaped(normalized, INVITATION_CODE_LENGTH))
    return domainError('staff_invitation_invalid', 'There is no such invitation.');
  const hash = await invitationHash(normalized);
  const found = await findInvitation(context.db, hash);
  if (found === undefined) return domainError('staff_invitation_invalid', 'There is no such invitation.');
  if (found.invitation.usedAt !== null || found.user.status !== 'invited')
    return domainError('staff_invitation_used', 'This invitation has been accepted already.');
  if (found.invitation.expiresAt <= context.clock())
    return domainError(
      'staff_invitation_expired',
      'This invitation has expired: ask an admin for a new one.',
    );
  return { hash, user: found.user };
}

/** `PublicKeyCredentialCreationOptions` for the invitee's passkey, bound to their invitation. */
export async function invitationRegistrationOptions(
  context: StaffContext,
  code: string,
): Promise<DomainError<RefusalOf<typeof INVITATION_REFUSALS>> | ReturnType<typeof creationOptions>> {
  const opened = await openInvitation(context, code);
  if ('code' in opened) return opened;
  return creationOptions(context, opened.user);
}

async function creationOptions(context: StaffContext, user: StaffUserRow) {
  const { config, clock } = context;
  const issued = await issueChallenge(context.networkKeys, tokenSettings(context), {
    purpose: 'staff_register',
    memberId: user.id,
    nowMs: clock(),
  });
  return {
    challengeToken: issued.challengeToken,
    expiresAt: new Date(issued.expiresAtMs).toISOString(),
    publicKey: {
      challenge: issued.challenge,
      rp: { id: config.members.relyingPartyId, name: config.members.relyingPartyName },
      user: { id: base64urlText(user.id), name: user.id, displayName: user.name },
      pubKeyCredParams: PASSKEY_ALGORITHMS.map((algorithm) => ({
        type: 'public-key' as const,
        alg: algorithm.cose,
      })),
      timeout: CEREMONY_TIMEOUT_MS,
      attestation: 'none' as const,
      authenticatorSelection: { residentKey: 'required' as const, userVerification: 'required' as const },
      excludeCredentials: [] as never[],
    },
  };
}

export const ACCEPT_INVITATION_REFUSALS = [
  ...INVITATION_REFUSALS,
  'webauthn_challenge_invalid',
  'passkey_invalid',
  'passkey_exists',
] as const;

/**
 * Accepts an invitation with a new passkey: the invitation is used, the user becomes active, the
 * passkey is kept and a session opens, in one batch.
 */
export async function planAcceptInvitation(
  context: StaffContext,
  acceptance: { code: string; challengeToken: string; credential: RegistrationResponse },
): Promise<WritePlan<StaffGrant> | DomainError<RefusalOf<typeof ACCEPT_INVITATION_REFUSALS>>> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const invitation = await openInvitation(context, acceptance.code);
  if ('code' in invitation) return invitation;
  const { user } = invitation;
  const challenge = await openChallenge(
    acceptance.challengeToken,
    context.networkKeys,
    tokenSettings(context),
    {
      purpose: 'staff_register',
      memberId: user.id,
      nowMs,
    },
  );
  if (challenge === undefined || (await isChallengeUsed(db, challenge.challenge)))
    return domainError(
      'webauthn_challenge_invalid',
      'The challenge is unknown, expired, used, or not for this invitation: ask for new options.',
    );
  const verified = await verifyRegistration(acceptance.credential, {
    challenge: challenge.challenge,
    relyingParty: relyingParty(context),
  });
  if (isFailure(verified))
    return domainError('passkey_invalid', `The passkey was refused: ${verified.failure}.`);
  if ((await findStaffPasskeyByCredential(db, verified.credentialId)) !== undefined)
    return domainError('passkey_exists', 'This passkey is already registered.');
  const session = await openStaffSession(context, { ...user, status: 'active' });
  return {
    status: 201,
    body: session.grant,
    statements: [
      useChallengeStatement(db, challenge.challenge, challenge.expiresAtMs),
      ...acceptInvitationStatements(db, { codeHash: invitation.hash, userId: user.id, nowMs }),
      db.insert(staffPasskeys).values({
        id: ids('spk'),
        userId: user.id,
        credentialId: verified.credentialId,
        publicJwk: JSON.stringify(verified.publicJwk),
        algorithm: verified.algorithm,
        signCount: verified.signCount,
        createdAt: nowMs,
        lastUsedAt: null,
      }),
      ...session.statements,
    ],
  };
}

function invitationHash(code: string): Promise<string> | string {
  return sha256Hex(`staff-invitation:${normalizeCode(code)}`);
}

function base64urlText(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

import {
  type AuthenticationResponse,
  isFailure,
  PASSKEY_ALGORITHMS,
  type PasskeyAlgorithm,
  type RegistrationResponse,
  verifyAssertion,
  verifyRegistration,
} from '../auth/webauthn.js';
import { type IssuedChallenge, issueChallenge, openChallenge } from '../auth/webauthn-challenges.js';
import { findMember, findProfile, requireActiveMember } from '../db/members.js';
import {
  findPasskeyByCredential,
  isChallengeUsed,
  memberPasskeys,
  type PasskeyRow,
  passkeyUsedStatements,
  removePasskeyStatements,
  useChallengeStatement,
} from '../db/passkeys.js';
import { passkeys } from '../db/schema/index.js';
import { revokeSessionsStatement } from '../db/sessions.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { eventDraft } from '../events/draft.js';
import type { WritePlan } from '../writes/plan.js';
import { openSession, type SessionContext, type SessionGrant } from './sessions.js';
import { standing } from './standing.js';

/** How long the browser may wait for the member to touch the authenticator. */
const CEREMONY_TIMEOUT_MS = 300_000;

export interface PasskeyView {
  readonly id: string;
  readonly name: string;
  readonly algorithm: PasskeyAlgorithm;
  readonly backedUp: boolean;
  readonly transports: string[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export function passkeyView(row: PasskeyRow): PasskeyView {
  return {
    id: row.id,
    name: row.name,
    algorithm: row.algorithm,
    backedUp: row.backedUp,
    transports: JSON.parse(row.transports) as string[],
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt).toISOString(),
  };
}

/** The user handle a member's passkeys carry: the member id, which is no personal data. */
export function userHandle(memberId: string): string {
  return base64urlText(memberId);
}

function relyingParty(context: SessionContext) {
  const { members } = context.config;
  return { id: members.relyingPartyId, origins: members.walletOrigins };
}

function tokenSettings(context: SessionContext) {
  const { config } = context;
  return {
    issuer: config.tokenIssuer,
    audience: config.tokenAudience,
    clockToleranceSeconds: config.clockToleranceSeconds,
  };
}

/** `PublicKeyCredentialCreationOptions` (as JSON) for a new passkey of the member, and its challenge token. */
export async function registrationOptions(context: SessionContext, memberId: string) {
  const { config, clock, db } = context;
  const issued = await issueChallenge(context.networkKeys, tokenSettings(context), {
    purpose: 'register',
    memberId,
    nowMs: clock(),
  });
  const profile = await findProfile(db, memberId);
  return {
    challengeToken: issued.challengeToken,
    expiresAt: new Date(issued.expiresAtMs).toISOString(),
    publicKey: {
      challenge: issued.challenge,
      rp: { id: config.members.relyingPartyId, name: config.members.relyingPartyName },
      user: {
        id: userHandle(memberId),
        name: memberId,
        displayName: profile?.displayName ?? 'Tessera member',
      },
      pubKeyCredParams: PASSKEY_ALGORITHMS.map((algorithm) => ({
        type: 'public-key' as const,
        alg: algorithm.cose,
      })),
      timeout: CEREMONY_TIMEOUT_MS,
      attestation: 'none' as const,
      authenticatorSelection: { residentKey: 'required' as const, userVerification: 'required' as const },
      excludeCredentials: (await memberPasskeys(db, memberId)).map((passkey) => ({
        type: 'public-key' as const,
        id: passkey.credentialId,
        transports: JSON.parse(passkey.transports) as string[],
      })),
    },
  };
}

/** What registering a passkey can be refused with. */
export const REGISTER_PASSKEY_REFUSALS = [
  'webauthn_challenge_invalid',
  'passkey_invalid',
  'passkey_exists',
] as const;

export interface PasskeyRegistration {
  readonly challengeToken: string;
  readonly credential: RegistrationResponse;
  readonly name?: string | undefined;
}

/** Verifies a new passkey against the challenge the member was given, and keeps its public key. */
export async function planRegisterPasskey(
  context: SessionContext,
  memberId: string,
  registration: PasskeyRegistration,
): Promise<WritePlan<PasskeyView> | DomainError<RefusalOf<typeof REGISTER_PASSKEY_REFUSALS>>> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const opened = await openChallenge(
    registration.challengeToken,
    context.networkKeys,
    tokenSettings(context),
    {
      purpose: 'register',
      memberId,
      nowMs,
    },
  );
  if (opened === undefined || (await isChallengeUsed(db, opened.challenge)))
    return domainError(
      'webauthn_challenge_invalid',
      "The challenge is unknown, expired, used, or not this member's: ask for new options.",
    );
  const verified = await verifyRegistration(registration.credential, {
    challenge: opened.challenge,
    relyingParty: relyingParty(context),
  });
  if (isFailure(verified))
    return domainError('passkey_invalid', `The passkey was refused: ${verified.failure}.`);
  if ((await findPasskeyByCredential(db, verified.credentialId)) !== undefined)
    return domainError('passkey_exists', 'This passkey is already registered.');
  const count = (await memberPasskeys(db, memberId)).length;
  const row: PasskeyRow = {
    id: ids('pkey'),
    memberId,
    credentialId: verified.credentialId,
    publicJwk: JSON.stringify(verified.publicJwk),
    algorithm: verified.algorithm,
    signCount: verified.signCount,
    transports: JSON.stringify(registration.credential.response.transports ?? []),
    aaguid: verified.aaguid,
    backupEligible: verified.backupEligible,
    backedUp: verified.backedUp,
    name: registration.name ?? `Passkey ${count + 1}`,
    createdAt: nowMs,
    lastUsedAt: null,
  };
  return {
    status: 201,
    body: passkeyView(row),
    statements: [
      useChallengeStatement(db, opened.challenge, opened.expiresAtMs),
      db.insert(passkeys).values(row),
      requireActiveMember(db, memberId),
    ],
    events: [
      eventDraft(context, 'member.passkey_added', { memberId, passkeyId: row.id }, { memberIds: [memberId] }),
    ],
  };
}

/** What removing a passkey can be refused with. */
export const REMOVE_PASSKEY_REFUSALS = ['passkey_not_found', 'passkey_last'] as const;

/**
 * Removes one of the member's passkeys and ends the sessions signed in with it (a lost phone). The
 * last one stays: without it the member could only come back through a recovery code.
 */
export async function planRemovePasskey(
  context: SessionContext,
  memberId: string,
  passkeyId: string,
): Promise<WritePlan<null> | DomainError<RefusalOf<typeof REMOVE_PASSKEY_REFUSALS>>> {
  const { db, clock } = context;
  const own = await memberPasskeys(db, memberId);
  if (!own.some((passkey) => passkey.id === passkeyId))
    return domainError('passkey_not_found', `The member has no passkey ${passkeyId}.`);
  if (own.length === 1)
    return domainError('passkey_last', 'This is the last passkey: register another one before removing it.');
  return {
    status: 200,
    body: null,
    statements: [
      ...removePasskeyStatements(db, memberId, passkeyId),
      revokeSessionsStatement(db, { passkeyId }, clock()),
    ],
    events: [
      eventDraft(context, 'member.passkey_removed', { memberId, passkeyId }, { memberIds: [memberId] }),
    ],
  };
}

/** `PublicKeyCredentialRequestOptions` (as JSON) for signing in with any of one's passkeys. */
export async function signInOptions(context: SessionContext) {
  const issued: IssuedChallenge = await issueChallenge(context.networkKeys, tokenSettings(context), {
    purpose: 'sign_in',
    nowMs: context.clock(),
  });
  return {
    challengeToken: issued.challengeToken,
    expiresAt: new Date(issued.expiresAtMs).toISOString(),
    publicKey: {
      challenge: issued.challenge,
      rpId: context.config.members.relyingPartyId,
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: 'required' as const,
      // Discoverable passkeys: the authenticator offers the member's own, nobody is named here.
      allowCredentials: [] as never[],
    },
  };
}

/** What signing in with a passkey can be refused with. */
export const PASSKEY_SIGN_IN_REFUSALS = ['webauthn_challenge_invalid', 'passkey_refused'] as const;

/**
 * Signs a member in with a passkey: the assertion must answer a challenge the network gave out and
 * nobody used, for this wallet's origin and RP ID, with the member verified, signed by a passkey
 * Tessera holds, its counter moving forward. The challenge is used in the same batch as the session.
 */
export async function planPasskeySignIn(
  context: SessionContext,
  request: { challengeToken: string; credential: AuthenticationResponse },
): Promise<WritePlan<SessionGrant> | DomainError<RefusalOf<typeof PASSKEY_SIGN_IN_REFUSALS>>> {
  const { db, clock } = context;
  const nowMs = clock();
  const opened = await openChallenge(request.challengeToken, context.networkKeys, tokenSettings(context), {
    purpose: 'sign_in',
    nowMs,
  });
  if (opened === undefined)
    return domainError(
      'webauthn_challenge_invalid',
      'The challenge is unknown or expired: ask for new options.',
    );
  const refused = (why: string) => domainError('passkey_refused', `The sign-in was refused: ${why}.`);
  if (await isChallengeUsed(db, opened.challenge)) return refused('this challenge was already answered');
  const passkey = await findPasskeyByCredential(db, request.credential.rawId);
  if (passkey === undefined || request.credential.id !== request.credential.rawId)
    return refused('the passkey is not registered with Tessera');
  const member = await findMember(db, passkey.memberId);
  if (member === undefined || isDomainError(standing(member)))
    return refused('the membership is no longer in use');
  const verified = await verifyAssertion(
    request.credential,
    { challenge: opened.challenge, relyingParty: relyingParty(context), userHandle: userHandle(member.id) },
    { publicJwk: JSON.parse(passkey.publicJwk), algorithm: passkey.algorithm, signCount: passkey.signCount },
  );
  if (isFailure(verified)) return refused(verified.failure);
  const session = await openSession(context, {
    memberId: member.id,
    method: 'passkey',
    passkeyId: passkey.id,
  });
  return {
    status: 201,
    body: session.grant,
    statements: [
      useChallengeStatement(db, opened.challenge, opened.expiresAtMs),
      ...passkeyUsedStatements(db, passkey.id, { ...verified, nowMs }),
      requireActiveMember(db, member.id),
      ...session.statements,
    ],
  };
}

function base64urlText(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

import { json, type StaffSession, setSession } from './api.js';

interface Ceremony {
  readonly challengeToken: string;
  readonly publicKey: Record<string, unknown>;
}

/** Accepts an invitation: the browser makes a passkey for the options the invitation opens. */
export async function acceptInvitation(code: string): Promise<StaffSession> {
  const options = await json<Ceremony>('POST', '/v1/staff/invitations/challenges', {
    body: { code },
    anonymous: true,
  });
  const credential = (await navigator.credentials.create({
    publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey as never),
  })) as PublicKeyCredential | null;
  if (credential === null) throw new Error('No passkey was made.');
  const session = await json<StaffSession>('POST', '/v1/staff/invitations/acceptance', {
    body: { code, challengeToken: options.challengeToken, credential: credential.toJSON(), cookie: true },
    anonymous: true,
  });
  setSession(session);
  return session;
}

/** Signs in with a passkey the authenticator offers (discoverable: no user name asked). */
export async function signInWithPasskey(): Promise<StaffSession> {
  const options = await json<Ceremony>('POST', '/v1/staff/sessions/passkey/challenges', { anonymous: true });
  const credential = (await navigator.credentials.get({
    publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey as never),
  })) as PublicKeyCredential | null;
  if (credential === null) throw new Error('No passkey was offered.');
  const session = await json<StaffSession>('POST', '/v1/staff/sessions/passkey', {
    body: { challengeToken: options.challengeToken, credential: credential.toJSON(), cookie: true },
    anonymous: true,
  });
  setSession(session);
  return session;
}

/**
 * The browser's side of a WebAuthn ceremony, with the options as Tessera sends them (JSON, base64url
 * fields) and the credential as Tessera reads it (`PublicKeyCredential.toJSON()`).
 */
export async function createPasskey(options: PublicKeyCredentialCreationOptionsJSON): Promise<unknown> {
  const credential = await navigator.credentials.create({
    publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
  });
  if (!(credential instanceof PublicKeyCredential)) throw new DOMException('No passkey', 'NotAllowedError');
  return credential.toJSON();
}

export async function usePasskey(options: PublicKeyCredentialRequestOptionsJSON): Promise<unknown> {
  const credential = await navigator.credentials.get({
    publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
  });
  if (!(credential instanceof PublicKeyCredential)) throw new DOMException('No passkey', 'NotAllowedError');
  return credential.toJSON();
}

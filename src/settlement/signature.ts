import { CompactSign } from 'jose';
import { NETWORK_KEY_ALGORITHM, type NetworkKeySet } from '../auth/network-keys.js';

/** The JOSE `typ` of each signed document, so that neither can pass for the other or for a token. */
export const STATEMENT_JWS_TYPE = 'tessera-statement+jws';
export const SETTLEMENT_JWS_TYPE = 'tessera-settlement+jws';

/**
 * Signs the exact bytes of a document as a compact JWS with the network's current key. The payload
 * is embedded, so the JWS alone carries the document; anyone can verify it against the JWKS.
 */
export async function signDocument(keys: NetworkKeySet, type: string, bytes: Uint8Array): Promise<string> {
  return new CompactSign(bytes)
    .setProtectedHeader({ alg: NETWORK_KEY_ALGORITHM, kid: keys.signing.kid, typ: type })
    .sign(keys.signing.privateKey);
}

/** SHA-256 of the bytes, base64url without padding: binds each statement into the settlement document. */
export async function documentDigest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return btoa(String.fromCharCode(...digest))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

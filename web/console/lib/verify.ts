/**
 * Verifies a statement's signature in the browser, as a partner's own system would: the compact
 * JWS names its key (`kid`), the key is taken from the network's public JWKS, and WebCrypto checks
 * the ES256 signature over `header.payload`. Nothing is trusted from the page's own data.
 */
export interface Verification {
  readonly valid: boolean;
  readonly kid: string;
  readonly payload: unknown;
}

function bytesOf(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export async function verifyCompactJws(
  jws: string,
  jwksUrl = '/.well-known/jwks.json',
): Promise<Verification> {
  const [header = '', payload = '', signature = ''] = jws.split('.');
  const protectedHeader = JSON.parse(new TextDecoder().decode(bytesOf(header))) as {
    alg?: string;
    kid?: string;
  };
  const kid = protectedHeader.kid ?? '';
  if (protectedHeader.alg !== 'ES256') return { valid: false, kid, payload: undefined };
  const jwks = (await (await fetch(jwksUrl)).json()) as { keys: (JsonWebKey & { kid?: string })[] };
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (jwk === undefined) return { valid: false, kid, payload: undefined };
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'verify',
  ]);
  const valid = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    bytesOf(signature),
    new TextEncoder().encode(`${header}.${payload}`),
  );
  return { valid, kid, payload: JSON.parse(new TextDecoder().decode(bytesOf(payload))) };
}

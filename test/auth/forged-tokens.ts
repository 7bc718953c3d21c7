import { base64url, exportSPKI, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';

/** Ways an attacker turns a partner's *public* key into an HMAC secret (the alg-confusion attack). */
export type HmacSecretSource =
  | 'public JWK JSON'
  | 'x coordinate bytes'
  | 'uncompressed point bytes'
  | 'SPKI PEM text';

export async function hmacSecretFrom(publicJwk: JWK, source: HmacSecretSource): Promise<Uint8Array> {
  const text = new TextEncoder();
  switch (source) {
    case 'public JWK JSON':
      return text.encode(JSON.stringify(publicJwk));
    case 'x coordinate bytes':
      return base64url.decode(publicJwk.x ?? '');
    case 'uncompressed point bytes':
      return new Uint8Array([
        4,
        ...base64url.decode(publicJwk.x ?? ''),
        ...base64url.decode(publicJwk.y ?? ''),
      ]);
    case 'SPKI PEM text':
      return text.encode(
        await exportSPKI(
          (await importJWK(publicJwk, String(publicJwk.alg), { extractable: true })) as CryptoKey,
        ),
      );
  }
}

/** Signs with HS256 and the given secret, as a verifier confused about algorithms would accept. */
export function hmacToken(
  claims: JWTPayload,
  header: Record<string, unknown>,
  secret: Uint8Array,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ ...header, alg: 'HS256' }).sign(secret);
}

/** A compact JWS assembled by hand, so headers jose refuses to produce (`alg: none`) can be sent. */
export function handMadeToken(header: Record<string, unknown>, claims: JWTPayload, signature = ''): string {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${encode(header)}.${encode(claims)}.${signature}`;
}

/** A key pair of an algorithm the partner allow-list does not contain. */
export async function signWithForeignAlgorithm(
  algorithm: 'ES384' | 'ES512' | 'PS256',
  claims: JWTPayload,
  header: Record<string, unknown>,
): Promise<string> {
  const { privateKey } = await generateKeyPair(algorithm);
  return new SignJWT(claims).setProtectedHeader({ ...header, alg: algorithm }).sign(privateKey);
}

/** Replaces the payload of a signed token, keeping its header and signature. */
export function withPayload(token: string, claims: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`;
}

import { base64url, importJWK } from 'jose';
import { type DomainError, domainError } from '../domain/errors.js';
import { isSafeEd25519PublicKey } from './ed25519-point.js';

/** The only public keys a partner may register: one shape per algorithm of the allow-list. */
export type PartnerPublicJwk =
  | {
      readonly kty: 'EC';
      readonly crv: 'P-256';
      readonly x: string;
      readonly y: string;
      readonly kid: string;
      readonly alg: 'ES256';
    }
  | {
      readonly kty: 'OKP';
      readonly crv: 'Ed25519';
      readonly x: string;
      readonly kid: string;
      readonly alg: 'EdDSA';
    };

/** Members only a private or symmetric JWK carries (EC/OKP `d`, RSA's factors, octet `k`). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/**
 * Vets a submitted JWK and returns the public members we keep, or why it is refused. The key is
 * actually imported, so a point off the curve is refused here rather than failing every token later.
 */
export async function acceptPartnerPublicKey(
  submitted: PartnerPublicJwk & Readonly<Record<string, unknown>>,
): Promise<PartnerPublicJwk | DomainError<'invalid_public_key'>> {
  const privateMember = PRIVATE_MEMBERS.find((member) => member in submitted);
  if (privateMember !== undefined) {
    return domainError(
      'invalid_public_key',
      `The JWK carries private key material ("${privateMember}"). Register the public key only; this key pair has now left its owner and should be replaced by a new one.`,
    );
  }
  const jwk: PartnerPublicJwk =
    submitted.alg === 'ES256'
      ? { kty: 'EC', crv: 'P-256', x: submitted.x, y: submitted.y, kid: submitted.kid, alg: 'ES256' }
      : { kty: 'OKP', crv: 'Ed25519', x: submitted.x, kid: submitted.kid, alg: 'EdDSA' };
  try {
    await importJWK(jwk, jwk.alg);
  } catch {
    return domainError(
      'invalid_public_key',
      `The JWK is not a valid ${jwk.crv} public key: the coordinates do not encode a point on the curve.`,
    );
  }
  if (jwk.alg === 'EdDSA' && !isSafeEd25519PublicKey(decodeBase64url(jwk.x))) {
    return domainError(
      'invalid_public_key',
      'The JWK is not a usable Ed25519 public key: "x" is not a point of large order on the curve.',
    );
  }
  return jwk;
}

function decodeBase64url(text: string): Uint8Array {
  try {
    return base64url.decode(text);
  } catch {
    return new Uint8Array();
  }
}

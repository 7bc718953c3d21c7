import { type CBORType, decodeCBOR, decodePartialCBOR } from '@levischuck/tiny-cbor';
import { base64url, importJWK, type JWK } from 'jose';

/**
 * WebAuthn (passkeys), verified with WebCrypto: the parts of a relying party Tessera needs, in a
 * few KiB instead of a library of 88 KiB gzipped (docs/decisions.md). Registration asks for no
 * attestation (`attestation: "none"`), so an attestation statement is never trusted or checked;
 * what makes a passkey Tessera's is the challenge it signed, the origin and RP ID, and user
 * verification. Every check that fails answers why, as a string; nothing here throws for input.
 */

/** COSE algorithms accepted, in the order offered: ES256, EdDSA (Ed25519), RS256 (Windows Hello). */
export const PASSKEY_ALGORITHMS = [
  { cose: -7, jose: 'ES256' },
  { cose: -8, jose: 'EdDSA' },
  { cose: -257, jose: 'RS256' },
] as const;
export type PasskeyAlgorithm = (typeof PASSKEY_ALGORITHMS)[number]['jose'];

export interface RelyingParty {
  readonly id: string;
  readonly origins: readonly string[];
}

/** What the browser's `PublicKeyCredential` of a registration holds (`toJSON()`), base64url. */
export interface RegistrationResponse {
  readonly id: string;
  readonly rawId: string;
  readonly type: 'public-key';
  readonly response: {
    readonly clientDataJSON: string;
    readonly attestationObject: string;
    readonly transports?: readonly string[] | undefined;
  };
}

/** What the browser's `PublicKeyCredential` of a sign-in holds (`toJSON()`), base64url. */
export interface AuthenticationResponse {
  readonly id: string;
  readonly rawId: string;
  readonly type: 'public-key';
  readonly response: {
    readonly clientDataJSON: string;
    readonly authenticatorData: string;
    readonly signature: string;
    readonly userHandle?: string | null | undefined;
  };
}

export interface VerifiedRegistration {
  readonly credentialId: string;
  readonly publicJwk: JWK;
  readonly algorithm: PasskeyAlgorithm;
  readonly signCount: number;
  readonly aaguid: string;
  readonly backupEligible: boolean;
  readonly backedUp: boolean;
}

export interface VerifiedAssertion {
  readonly signCount: number;
  readonly backedUp: boolean;
}

export interface StoredPasskey {
  readonly publicJwk: JWK;
  readonly algorithm: PasskeyAlgorithm;
  readonly signCount: number;
}

/** A refusal: why the response does not verify. */
export interface WebAuthnFailure {
  readonly failure: string;
}

const failed = (failure: string): WebAuthnFailure => ({ failure });

export function isFailure(value: unknown): value is WebAuthnFailure {
  return typeof value === 'object' && value !== null && 'failure' in value;
}

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_BACKUP_ELIGIBLE = 0x08;
const FLAG_BACKED_UP = 0x10;
const FLAG_ATTESTED_DATA = 0x40;

/** Verifies a new passkey: the challenge it answered, where, and the key it holds. */
export async function verifyRegistration(
  response: RegistrationResponse,
  expected: { challenge: string; relyingParty: RelyingParty },
): Promise<VerifiedRegistration | WebAuthnFailure> {
  const client = clientData(response.response.clientDataJSON, 'webauthn.create', expected);
  if (isFailure(client)) return client;
  const attestation = decoded(response.response.attestationObject);
  if (!(attestation instanceof Map)) return failed('the attestation object is not CBOR');
  const authData = attestation.get('authData');
  if (!(authData instanceof Uint8Array)) return failed('the attestation object has no authenticator data');
  const data = await authenticatorData(authData, expected.relyingParty.id);
  if (isFailure(data)) return data;
  if ((data.flags & FLAG_ATTESTED_DATA) === 0) return failed('the authenticator data holds no credential');
  const credential = attestedCredential(authData);
  if (isFailure(credential)) return credential;
  if (credential.id !== response.rawId || response.id !== response.rawId)
    return failed('the credential id does not match the authenticator data');
  return {
    credentialId: credential.id,
    publicJwk: credential.publicJwk,
    algorithm: credential.algorithm,
    signCount: data.signCount,
    aaguid: credential.aaguid,
    backupEligible: (data.flags & FLAG_BACKUP_ELIGIBLE) !== 0,
    backedUp: (data.flags & FLAG_BACKED_UP) !== 0,
  };
}

/** Verifies a sign-in with a stored passkey: the challenge, where, the user's verification and the signature. */
export async function verifyAssertion(
  response: AuthenticationResponse,
  expected: { challenge: string; relyingParty: RelyingParty; userHandle: string },
  passkey: StoredPasskey,
): Promise<VerifiedAssertion | WebAuthnFailure> {
  const client = clientData(response.response.clientDataJSON, 'webauthn.get', expected);
  if (isFailure(client)) return client;
  const rawData = bytes(response.response.authenticatorData);
  if (rawData === undefined) return failed('the authenticator data is not base64url');
  const data = await authenticatorData(rawData, expected.relyingParty.id);
  if (isFailure(data)) return data;
  const handle = response.response.userHandle;
  if (handle !== undefined && handle !== null && handle !== expected.userHandle)
    return failed('the user handle is not the passkey owner');
  const signature = bytes(response.response.signature);
  if (signature === undefined) return failed('the signature is not base64url');
  const signed = concat(rawData, new Uint8Array(await crypto.subtle.digest('SHA-256', client.bytes)));
  if (!(await verifySignature(passkey, signature, signed))) return failed('the signature does not verify');
  // A counter that does not move forward betrays a cloned authenticator; passkeys that sync keep 0.
  if ((data.signCount > 0 || passkey.signCount > 0) && data.signCount <= passkey.signCount)
    return failed('the signature counter went backwards: the authenticator may be cloned');
  return { signCount: data.signCount, backedUp: (data.flags & FLAG_BACKED_UP) !== 0 };
}

function clientData(
  encoded: string,
  type: 'webauthn.create' | 'webauthn.get',
  expected: { challenge: string; relyingParty: RelyingParty },
): { bytes: Uint8Array<ArrayBuffer> } | WebAuthnFailure {
  const raw = bytes(encoded);
  if (raw === undefined) return failed('the client data is not base64url');
  let parsed: { type?: unknown; challenge?: unknown; origin?: unknown; crossOrigin?: unknown };
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    return failed('the client data is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) return failed('the client data is not a JSON object');
  if (parsed.type !== type) return failed(`the client data is not of type ${type}`);
  if (parsed.challenge !== expected.challenge) return failed('the client data answers another challenge');
  if (typeof parsed.origin !== 'string' || !expected.relyingParty.origins.includes(parsed.origin))
    return failed(`the origin ${JSON.stringify(parsed.origin)} is not the wallet's`);
  if (parsed.crossOrigin === true) return failed('the ceremony ran in a cross-origin frame');
  return { bytes: raw };
}

async function authenticatorData(
  data: Uint8Array,
  rpId: string,
): Promise<{ flags: number; signCount: number } | WebAuthnFailure> {
  if (data.length < 37) return failed('the authenticator data is too short');
  const rpIdHash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(rpId)));
  if (!equalBytes(data.subarray(0, 32), rpIdHash))
    return failed('the passkey belongs to another relying party');
  const flags = data[32] ?? 0;
  if ((flags & FLAG_USER_PRESENT) === 0) return failed('the user was not present');
  if ((flags & FLAG_USER_VERIFIED) === 0) return failed('the user was not verified (PIN or biometrics)');
  const signCount = new DataView(data.buffer, data.byteOffset + 33, 4).getUint32(0);
  return { flags, signCount };
}

function attestedCredential(
  data: Uint8Array,
): { id: string; publicJwk: JWK; algorithm: PasskeyAlgorithm; aaguid: string } | WebAuthnFailure {
  if (data.length < 55) return failed('the attested credential data is too short');
  const aaguid = hex(data.subarray(37, 53));
  const idLength = new DataView(data.buffer, data.byteOffset + 53, 2).getUint16(0);
  if (idLength > 1023 || data.length < 55 + idLength) return failed('the credential id is malformed');
  const id = base64url.encode(data.subarray(55, 55 + idLength));
  let coseKey: CBORType;
  try {
    [coseKey] = decodePartialCBOR(data, 55 + idLength);
  } catch {
    return failed('the credential public key is not CBOR');
  }
  const key = jwkOfCoseKey(coseKey);
  return isFailure(key) ? key : { id, aaguid, ...key };
}

/** A COSE_Key (RFC 9053) as a JWK: P-256 for ES256, Ed25519 for EdDSA, RSA for RS256. */
function jwkOfCoseKey(key: CBORType): { publicJwk: JWK; algorithm: PasskeyAlgorithm } | WebAuthnFailure {
  if (!(key instanceof Map)) return failed('the credential public key is not a COSE key');
  const field = (label: number) => key.get(label);
  const octets = (label: number) => {
    const value = field(label);
    return value instanceof Uint8Array ? base64url.encode(value) : undefined;
  };
  const algorithm = PASSKEY_ALGORITHMS.find((entry) => entry.cose === field(3))?.jose;
  if (algorithm === 'ES256' && field(1) === 2 && field(-1) === 1) {
    const x = octets(-2);
    const y = octets(-3);
    if (x !== undefined && y !== undefined)
      return { algorithm, publicJwk: { kty: 'EC', crv: 'P-256', x, y } };
  }
  if (algorithm === 'EdDSA' && field(1) === 1 && field(-1) === 6) {
    const x = octets(-2);
    if (x !== undefined) return { algorithm, publicJwk: { kty: 'OKP', crv: 'Ed25519', x } };
  }
  if (algorithm === 'RS256' && field(1) === 3) {
    const n = octets(-1);
    const e = octets(-2);
    if (n !== undefined && e !== undefined) return { algorithm, publicJwk: { kty: 'RSA', n, e } };
  }
  return failed('the credential public key is not an ES256, EdDSA or RS256 key');
}

async function verifySignature(
  passkey: StoredPasskey,
  signature: Uint8Array<ArrayBuffer>,
  signed: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  try {
    const key = (await importJWK(passkey.publicJwk, passkey.algorithm)) as CryptoKey;
    switch (passkey.algorithm) {
      case 'ES256': {
        const raw = rawEcdsaSignature(signature);
        return (
          raw !== undefined && crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw, signed)
        );
      }
      case 'EdDSA':
        return crypto.subtle.verify(key.algorithm, key, signature, signed);
      case 'RS256':
        return crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, key, signature, signed);
    }
  } catch {
    return false;
  }
}

/** WebAuthn's ECDSA signatures are DER `SEQUENCE { r INTEGER, s INTEGER }`; WebCrypto takes r ‖ s. */
function rawEcdsaSignature(der: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  if (der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  const parts: Uint8Array[] = [];
  let offset = 2;
  for (let part = 0; part < 2; part += 1) {
    if (der[offset] !== 0x02) return undefined;
    const length = der[offset + 1] ?? 0;
    let value = der.subarray(offset + 2, offset + 2 + length);
    if (value.length !== length || length === 0) return undefined;
    while (value.length > 32 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32) return undefined;
    parts.push(concat(new Uint8Array(32 - value.length), value));
    offset += 2 + length;
  }
  if (offset !== der.length) return undefined;
  return concat(parts[0] ?? new Uint8Array(32), parts[1] ?? new Uint8Array(32));
}

function decoded(encoded: string): CBORType {
  const raw = bytes(encoded);
  if (raw === undefined) return undefined;
  try {
    return decodeCBOR(raw);
  } catch {
    return undefined;
  }
}

function bytes(encoded: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return undefined;
  try {
    return new Uint8Array(base64url.decode(encoded));
  } catch {
    return undefined;
  }
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const result = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function hex(data: Uint8Array): string {
  return [...data].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

import { type CBORType, encodeCBOR } from '@levischuck/tiny-cbor';
import { base64url } from 'jose';

/**
 * A passkey authenticator in software, with WebCrypto: it makes a key pair, answers registration
 * options with attestation "none" and sign-in options with assertions, as a browser's
 * `PublicKeyCredential.toJSON()` would hand them over. Each part can be bent (origin, RP ID,
 * flags, counter) to build the responses a relying party must refuse.
 */
export type AuthenticatorAlgorithm = 'ES256' | 'EdDSA' | 'RS256';

export interface Ceremony {
  /** Defaults to the wallet origin the test app is configured with. */
  readonly origin?: string;
  /** The RP ID the authenticator hashes into its data; the options' by default. */
  readonly rpId?: string;
  readonly type?: string;
  readonly userVerified?: boolean;
  readonly userPresent?: boolean;
  readonly crossOrigin?: boolean;
  /** Overrides the counter the authenticator reports (it counts up by itself otherwise). */
  readonly signCount?: number;
  readonly challenge?: string;
}

const COSE = { ES256: -7, EdDSA: -8, RS256: -257 } as const;

export class SoftwareAuthenticator {
  private counter = 0;
  userHandle: string | undefined;

  private constructor(
    readonly algorithm: AuthenticatorAlgorithm,
    private readonly keys: CryptoKeyPair,
    readonly credentialId: Uint8Array,
    private readonly counting: boolean,
    readonly defaultOrigin: string,
  ) {}

  /**
   * A new authenticator with one credential. `counting: false` behaves like a synced passkey
   * (iCloud Keychain, Google Password Manager), whose counter stays 0.
   */
  static async create(
    options: { algorithm?: AuthenticatorAlgorithm; counting?: boolean; origin?: string } = {},
  ): Promise<SoftwareAuthenticator> {
    const algorithm = options.algorithm ?? 'ES256';
    const parameters =
      algorithm === 'ES256'
        ? { name: 'ECDSA', namedCurve: 'P-256' }
        : algorithm === 'EdDSA'
          ? { name: 'Ed25519' }
          : {
              name: 'RSASSA-PKCS1-v1_5',
              modulusLength: 2048,
              publicExponent: new Uint8Array([1, 0, 1]),
              hash: 'SHA-256',
            };
    const keys = (await crypto.subtle.generateKey(parameters, true, ['sign', 'verify'])) as CryptoKeyPair;
    const credentialId = crypto.getRandomValues(new Uint8Array(16));
    return new SoftwareAuthenticator(
      algorithm,
      keys,
      credentialId,
      options.counting ?? true,
      options.origin ?? 'http://localhost:8787',
    );
  }

  get id(): string {
    return base64url.encode(this.credentialId);
  }

  /** The credential made for registration options (`publicKey` of the options). */
  async register(
    options: { challenge: string; rp: { id: string }; user: { id: string } },
    ceremony: Ceremony = {},
  ) {
    this.userHandle = options.user.id;
    const clientDataJSON = this.clientData(
      'webauthn.create',
      ceremony.challenge ?? options.challenge,
      ceremony,
    );
    const coseKey = await this.coseKey();
    const attested = concat(
      new Uint8Array(16),
      new Uint8Array([this.credentialId.length >> 8, this.credentialId.length & 0xff]),
      this.credentialId,
      encodeCBOR(coseKey),
    );
    const authData = concat(
      await this.authenticatorData(ceremony.rpId ?? options.rp.id, ceremony, 0x40),
      attested,
    );
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: base64url.encode(clientDataJSON),
        attestationObject: base64url.encode(attestationObject),
        transports: ['internal', 'hybrid'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** The assertion answering sign-in options (`publicKey` of the options). */
  async assert(options: { challenge: string; rpId: string }, ceremony: Ceremony = {}) {
    const clientDataJSON = this.clientData('webauthn.get', ceremony.challenge ?? options.challenge, ceremony);
    const authData = await this.authenticatorData(ceremony.rpId ?? options.rpId, ceremony, 0);
    const signed = concat(authData, new Uint8Array(await crypto.subtle.digest('SHA-256', clientDataJSON)));
    const signature = await this.sign(signed);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: base64url.encode(clientDataJSON),
        authenticatorData: base64url.encode(authData),
        signature: base64url.encode(signature),
        userHandle: this.userHandle ?? null,
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  private clientData(type: string, challenge: string, ceremony: Ceremony): Uint8Array<ArrayBuffer> {
    return new TextEncoder().encode(
      JSON.stringify({
        type: ceremony.type ?? type,
        challenge,
        origin: ceremony.origin ?? this.defaultOrigin,
        crossOrigin: ceremony.crossOrigin ?? false,
      }),
    );
  }

  private async authenticatorData(rpId: string, ceremony: Ceremony, extraFlags: number) {
    if (this.counting) this.counter += 1;
    const count = ceremony.signCount ?? (this.counting ? this.counter : 0);
    const flags =
      (ceremony.userPresent === false ? 0 : 0x01) |
      (ceremony.userVerified === false ? 0 : 0x04) |
      0x08 |
      0x10 |
      extraFlags;
    const rpIdHash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(rpId)));
    return concat(
      rpIdHash,
      new Uint8Array([flags]),
      new Uint8Array([count >>> 24, count >>> 16, count >>> 8, count].map((byte) => byte & 0xff)),
    );
  }

  private async coseKey(): Promise<Map<number, CBORType>> {
    const jwk = await crypto.subtle.exportKey('jwk', this.keys.publicKey);
    const bytes = (value: string | undefined) => base64url.decode(value ?? '');
    if (this.algorithm === 'ES256')
      return new Map<number, CBORType>([
        [1, 2],
        [3, COSE.ES256],
        [-1, 1],
        [-2, bytes(jwk.x)],
        [-3, bytes(jwk.y)],
      ]);
    if (this.algorithm === 'EdDSA')
      return new Map<number, CBORType>([
        [1, 1],
        [3, COSE.EdDSA],
        [-1, 6],
        [-2, bytes(jwk.x)],
      ]);
    return new Map<number, CBORType>([
      [1, 3],
      [3, COSE.RS256],
      [-1, bytes(jwk.n)],
      [-2, bytes(jwk.e)],
    ]);
  }

  private async sign(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    const key = this.keys.privateKey;
    if (this.algorithm === 'ES256')
      return derSignature(
        new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data)),
      );
    return new Uint8Array(await crypto.subtle.sign(key.algorithm, key, data));
  }
}

/** WebCrypto's ECDSA signature (r ‖ s) as the DER `SEQUENCE { r INTEGER, s INTEGER }` authenticators send. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let value = bytes;
    while (value.length > 1 && value[0] === 0 && ((value[1] ?? 0) & 0x80) === 0) value = value.subarray(1);
    if (((value[0] ?? 0) & 0x80) !== 0) value = concat(new Uint8Array([0]), value);
    return concat(new Uint8Array([0x02, value.length]), value);
  };
  const body = concat(integer(raw.subarray(0, 32)), integer(raw.subarray(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
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

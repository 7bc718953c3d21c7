import { encodeCode, groupCode, normalizeCode } from '../domain/members/codes.js';
import { sha256Hex } from '../domain/sha256.js';
import type { NetworkKeySet } from './network-keys.js';

/** 16 symbols of 5 bits: 80 bits, far beyond any guessing the rate limit allows. */
export const CLAIM_CODE_LENGTH = 16;

/**
 * A claim code is the HMAC of its claim id under a key derived from a network key (src/auth/
 * network-keys.ts): the database keeps only its SHA-256, yet a replayed enrolment or recovery
 * answers the very code it first answered. Undefined when the key is no longer configured.
 */
export async function claimCode(
  keys: NetworkKeySet,
  claim: { readonly id: string; readonly keyId: string },
): Promise<string | undefined> {
  const key = keys.codeKeys.get(claim.keyId);
  if (key === undefined) return undefined;
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`claim:${claim.id}`));
  return encodeCode(new Uint8Array(mac).slice(0, 10), CLAIM_CODE_LENGTH);
}

/** What the database looks a claim code up by. */
export async function claimCodeHash(code: string): Promise<string> {
  return sha256Hex(`claim:${normalizeCode(code)}`);
}

/** The code as the member reads it, and the wallet link a partner prints as a QR code. */
export function claimCodeView(code: string, walletOrigin: string) {
  // In the fragment, so that the code never reaches a server log on its way to the wallet.
  return { code: groupCode(code), url: `${walletOrigin}/claim#code=${code}` };
}

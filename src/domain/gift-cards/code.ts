import { sha256Hex } from '../sha256.js';

/**
 * Gift card codes: 20 Crockford base32 characters (100 random bits), shown in groups of four. Only
 * their SHA-256 hash is kept; a code is shown once, when the member asks for it, and asking again
 * replaces it. At 100 bits and a limit on failed guesses, guessing a live code is hopeless.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 20;

export function newGiftCardCode(fillRandom: (bytes: Uint8Array) => void = defaultRandom): string {
  const bytes = new Uint8Array(CODE_LENGTH);
  fillRandom(bytes);
  const characters = [...bytes].map((byte) => ALPHABET[byte % 32] ?? '0').join('');
  return characters.match(/.{4}/g)?.join('-') ?? characters;
}

function defaultRandom(bytes: Uint8Array): void {
  crypto.getRandomValues(bytes);
}

/**
 * The code as typed at a till: case, spaces and dashes do not matter, and the letters Crockford
 * base32 leaves out read as the digits they look like (I, L → 1; O → 0). Undefined when it cannot be a code.
 */
export function normalizeGiftCardCode(text: string): string | undefined {
  const plain = text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (plain.length !== CODE_LENGTH) return undefined;
  for (const character of plain) if (!ALPHABET.includes(character)) return undefined;
  return plain;
}

export async function giftCardCodeHash(normalizedCode: string): Promise<string> {
  return sha256Hex(`tessera-gift-card:${normalizedCode}`);
}

/** The last four characters, to tell a member's cards apart without showing a code. */
export function codeHint(normalizedCode: string): string {
  return normalizedCode.slice(-4);
}

/**
 * The codes people read, type and scan: claim codes and pay codes. Crockford's base32 (no I, L,
 * O or U), so that a code read aloud or typed from a receipt survives the usual confusions, which
 * `normalizeCode` undoes (and lower case, spaces and dashes).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `length` symbols from the bytes, 5 bits each (the bytes must hold at least 5 × length bits). */
export function encodeCode(bytes: Uint8Array, length: number): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  const spare = BigInt(bytes.length * 8 - length * 5);
  if (spare < 0n) throw new RangeError(`${bytes.length} bytes cannot make a ${length}-symbol code`);
  value >>= spare;
  let text = '';
  for (let index = 0; index < length; index += 1) {
    text = (ALPHABET[Number(value & 31n)] ?? '0') + text;
    value >>= 5n;
  }
  return text;
}

/** A fresh random code of `length` symbols. */
export function randomCode(length: number): string {
  const bytes = new Uint8Array(Math.ceil((length * 5) / 8));
  crypto.getRandomValues(bytes);
  return encodeCode(bytes, length);
}

/** The code as it is hashed and compared: upper case, without separators, confusables mapped. */
export function normalizeCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** Whether a normalized text could be a code of this length at all (a cheap refusal before any lookup). */
export function isCodeShaped(text: string, length: number): boolean {
  return text.length === length && [...text].every((symbol) => ALPHABET.includes(symbol));
}

/** Groups of four for reading: `7KQ2-M9XD-…`. */
export function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

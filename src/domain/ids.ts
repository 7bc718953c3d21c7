/**
 * Prefixed, sortable, opaque ids: `<prefix>_<26 Crockford base32 characters>` in the ULID layout
 * (48 bits of milliseconds, 80 random bits). Within one millisecond the random part is
 * incremented, so ids from one generator sort in creation order.
 */
export const ID_PREFIXES = [
  'ptn',
  'mem',
  'txn',
  'pool',
  'inv',
  'stl',
  'fx',
  'trf',
  'lot',
  'owe',
  'dsp',
  'req',
  'exp',
  'adj',
  'aud',
  'evt',
  'clm',
  'ses',
  'pkey',
  'prs',
  'msg',
  'mrg',
  'itm',
  'rsv',
  'sel',
  'gft',
  'gcm',
  'whe',
  'whd',
  'wha',
  'qcr',
  'stc',
  'lad',
  'chl',
  'ers',
  'gft',
  'stf',
  'sts',
  'spk',
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

export type IdGenerator = (prefix: IdPrefix) => string;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_BYTES = 10;

export function createIdGenerator(
  clock: () => number,
  fillRandom: (bytes: Uint8Array) => void = (bytes) => {
    crypto.getRandomValues(bytes);
  },
): IdGenerator {
  let lastTimeMs = -1;
  const lastRandom = new Uint8Array(RANDOM_BYTES);

  return (prefix) => {
    const timeMs = Math.max(clock(), lastTimeMs);
    if (timeMs === lastTimeMs) {
      incrementInPlace(lastRandom);
    } else {
      fillRandom(lastRandom);
      lastTimeMs = timeMs;
    }
    return `${prefix}_${encodeTime(timeMs)}${encodeRandom(lastRandom)}`;
  };
}

function incrementInPlace(bytes: Uint8Array): void {
  for (let index = bytes.length - 1; index >= 0; index -= 1) {
    const value = bytes[index] ?? 0;
    if (value < 255) {
      bytes[index] = value + 1;
      return;
    }
    bytes[index] = 0;
  }
}

function encodeTime(timeMs: number): string {
  let remaining = timeMs;
  let text = '';
  for (let index = 0; index < 10; index += 1) {
    text = (ALPHABET[remaining % 32] ?? '0') + text;
    remaining = Math.floor(remaining / 32);
  }
  return text;
}

function encodeRandom(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let text = '';
  for (let index = 0; index < 16; index += 1) {
    text = (ALPHABET[Number(value & 31n)] ?? '0') + text;
    value >>= 5n;
  }
  return text;
}

const ID_PATTERN = /^[a-z]{2,4}_[0-9A-HJKMNP-TV-Z]{26}$/;

export function looksLikeId(prefix: IdPrefix, value: string): boolean {
  return value.startsWith(`${prefix}_`) && ID_PATTERN.test(value);
}

/**
 * Just enough Ed25519 curve arithmetic (RFC 8032, exact bigint) to vet a public key before it is
 * trusted. The WebCrypto import accepts any 32 bytes, and OpenSSL 3.0 verifies signatures under a
 * small-order key without checking it: with the identity point as the key, the all-zero-scalar
 * signature verifies for every message, so anyone could sign as the partner. Refusing keys that
 * do not decode to a point, or whose point has order 1, 2, 4 or 8, closes that at registration.
 */

const FIELD_PRIME = 2n ** 255n - 19n;

interface Point {
  readonly x: bigint;
  readonly y: bigint;
}

function modulo(value: bigint): bigint {
  const remainder = value % FIELD_PRIME;
  return remainder >= 0n ? remainder : remainder + FIELD_PRIME;
}

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let square = modulo(base);
  for (let remaining = exponent; remaining > 0n; remaining >>= 1n) {
    if ((remaining & 1n) === 1n) result = modulo(result * square);
    square = modulo(square * square);
  }
  return result;
}

const invert = (value: bigint) => power(value, FIELD_PRIME - 2n);

const CURVE_D = modulo(-121665n * invert(121666n));
const SQUARE_ROOT_OF_MINUS_ONE = power(2n, (FIELD_PRIME - 1n) / 4n);
const IDENTITY: Point = { x: 0n, y: 1n };

/** Decodes a 32-byte public key to its point, or undefined when it is not a canonical encoding of one. */
export function decodeEd25519Point(bytes: Uint8Array): Point | undefined {
  if (bytes.length !== 32) return undefined;
  let encoded = 0n;
  for (let index = 31; index >= 0; index -= 1) encoded = (encoded << 8n) | BigInt(bytes[index] ?? 0);
  const sign = encoded >> 255n;
  const y = encoded & ((1n << 255n) - 1n);
  if (y >= FIELD_PRIME) return undefined;
  const ySquared = modulo(y * y);
  const xSquared = modulo((ySquared - 1n) * invert(CURVE_D * ySquared + 1n));
  let x = power(xSquared, (FIELD_PRIME + 3n) / 8n);
  if (modulo(x * x) !== xSquared) x = modulo(x * SQUARE_ROOT_OF_MINUS_ONE);
  if (modulo(x * x) !== xSquared) return undefined;
  if (x === 0n && sign === 1n) return undefined;
  if ((x & 1n) !== sign) x = FIELD_PRIME - x;
  return { x, y };
}

/** The complete twisted Edwards addition (a = -1); complete because d is not a square. */
function add(first: Point, second: Point): Point {
  const product = modulo(CURVE_D * first.x * second.x * first.y * second.y);
  return {
    x: modulo((first.x * second.y + first.y * second.x) * invert(1n + product)),
    y: modulo((first.y * second.y + first.x * second.x) * invert(1n - product)),
  };
}

/** True when 8·P is the identity, i.e. the point lies in the torsion subgroup (the cofactor is 8). */
export function hasSmallOrder(point: Point): boolean {
  let multiple = point;
  for (let doubling = 0; doubling < 3; doubling += 1) multiple = add(multiple, multiple);
  return multiple.x === IDENTITY.x && multiple.y === IDENTITY.y;
}

/** A public key we may verify signatures with: a canonical point of large order. */
export function isSafeEd25519PublicKey(bytes: Uint8Array): boolean {
  const point = decodeEd25519Point(bytes);
  return point !== undefined && !hasSmallOrder(point);
}

import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, test } from 'vitest';
import { decodeEd25519Point, hasSmallOrder, isSafeEd25519PublicKey } from '../../src/auth/ed25519-point.js';

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const withSignBit = (hex: string) =>
  hex.slice(0, 62) + (parseInt(hex.slice(62), 16) | 0x80).toString(16).padStart(2, '0');

/** The canonical encodings of the torsion points (the list libsodium refuses, with both signs where x ≠ 0). */
const ORDER_EIGHT_A = '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05';
const ORDER_EIGHT_B = 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a';
const SMALL_ORDER_POINTS: [string, string][] = [
  ['the identity (order 1)', `01${'00'.repeat(31)}`],
  ['y = -1 (order 2)', `ec${'ff'.repeat(30)}7f`],
  ['y = 0 (order 4)', '00'.repeat(32)],
  ['y = 0, other x (order 4)', `${'00'.repeat(31)}80`],
  ['order 8, first', ORDER_EIGHT_A],
  ['order 8, first negated', withSignBit(ORDER_EIGHT_A)],
  ['order 8, second', ORDER_EIGHT_B],
  ['order 8, second negated', withSignBit(ORDER_EIGHT_B)],
];

describe('Ed25519 public key vetting', () => {
  test.each(SMALL_ORDER_POINTS)('%s decodes to a point of small order and is refused', (_name, hex) => {
    const point = decodeEd25519Point(bytes(hex));
    expect(point).toBeDefined();
    expect(hasSmallOrder(point ?? { x: 0n, y: 1n })).toBe(true);
    expect(isSafeEd25519PublicKey(bytes(hex))).toBe(false);
  });

  test.each([
    ['y = p, a non-canonical encoding of y = 0', `ed${'ff'.repeat(30)}7f`],
    ['y = p + 1, a non-canonical encoding of the identity', `ee${'ff'.repeat(30)}7f`],
    ['y = 2, which has no x on the curve', `02${'00'.repeat(31)}`],
    ['x = 0 with the sign bit set', `01${'00'.repeat(30)}80`],
  ])('%s does not decode', (_name, hex) => {
    expect(decodeEd25519Point(bytes(hex))).toBeUndefined();
    expect(isSafeEd25519PublicKey(bytes(hex))).toBe(false);
  });

  test.each([31, 33, 0])('%i bytes are not a key', (length) => {
    expect(isSafeEd25519PublicKey(new Uint8Array(length).fill(7))).toBe(false);
  });

  test('the RFC 8032 test vector keys are accepted', () => {
    expect(
      isSafeEd25519PublicKey(bytes('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')),
    ).toBe(true);
    expect(
      isSafeEd25519PublicKey(bytes('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c')),
    ).toBe(true);
  });

  test('freshly generated keys are accepted', async () => {
    for (let round = 0; round < 16; round += 1) {
      const { publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      const { x } = await exportJWK(publicKey);
      expect(isSafeEd25519PublicKey(new Uint8Array(Buffer.from(x ?? '', 'base64url')))).toBe(true);
    }
  });
});

/**
 * Standard Webhooks signatures (symmetric scheme `v1`): HMAC-SHA256 of
 * `<webhook-id>.<webhook-timestamp>.<body>`, keyed by the base64-decoded part of a `whsec_`
 * secret, base64-encoded. WebCrypto, so the same code signs on Node and on Workers.
 */

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
const encoder = new TextEncoder();

/** A new endpoint secret: `whsec_` and 32 random bytes in base64 (the specification asks for 24 to 64). */
export function newSigningSecret(): string {
  const bytes = new Uint8Array(SECRET_BYTES);
  crypto.getRandomValues(bytes);
  return `${SECRET_PREFIX}${toBase64(bytes)}`;
}

/**
 * The `webhook-signature` header: one `v1,<signature>` per secret, space-separated, so that a
 * receiver still holding the previous secret verifies during a rotation's overlap.
 */
export async function signatureHeader(
  secrets: readonly string[],
  webhookId: string,
  timestampSeconds: number,
  body: string,
): Promise<string> {
  const content = encoder.encode(`${webhookId}.${timestampSeconds}.${body}`);
  const signatures = await Promise.all(
    secrets.map(async (secret) => {
      const key = await crypto.subtle.importKey(
        'raw',
        fromBase64(secret.slice(SECRET_PREFIX.length)),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      return `v1,${toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, content)))}`;
    }),
  );
  return signatures.join(' ');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
}

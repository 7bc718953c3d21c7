const encoder = new TextEncoder();

/**
 * Node's own hash when the runtime has it: WebCrypto's digest is asynchronous and costs a
 * thread-pool round trip on Node, more than the hash itself, on every partner request. Workers
 * (no `process`) use WebCrypto. Looked up, not imported, so the Worker bundle stays free of Node
 * built-ins.
 */
const nodeCrypto = globalThis.process?.getBuiltinModule?.('node:crypto');

/** Hex SHA-256 of a text (UTF-8), the same on Node and Workers. */
export function sha256Hex(text: string): Promise<string> | string {
  if (nodeCrypto !== undefined) return nodeCrypto.createHash('sha256').update(text).digest('hex');
  return webCryptoSha256Hex(text);
}

export async function webCryptoSha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

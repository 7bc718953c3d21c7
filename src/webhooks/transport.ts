/** One webhook request, signed and ready to send. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** Read at most this much of the answer; the rest is cut off. */
  readonly maxResponseBytes: number;
}

/** What came back: a status, or why there was none. */
export interface WebhookResponse {
  /** The HTTP status, or null when no answer came (refused address, timeout, connection error). */
  readonly statusCode: number | null;
  /** Set when there was no answer, or the answer was cut off. */
  readonly error: string | null;
  /** `Retry-After` of the answer, in milliseconds, when it gave one in seconds. */
  readonly retryAfterMs: number | null;
  readonly latencyMs: number;
}

/**
 * How a runtime sends webhooks. Node's (`src/node-webhook-transport.ts`) resolves the host itself
 * and connects only to the addresses it checked; the fetch transport (Workers) relies on the
 * URL check at registration and on Cloudflare's network, which does not reach private addresses.
 */
export interface WebhookTransport {
  send(request: WebhookRequest): Promise<WebhookResponse>;
}

/** The transport of runtimes where `fetch` is all there is: Workers. Redirects are not followed. */
export const fetchTransport: WebhookTransport = {
  async send(request) {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const cut = await readAtMost(response.body, request.maxResponseBytes);
      return {
        statusCode: response.status,
        error: cut ? `the answer was longer than ${request.maxResponseBytes} bytes and was cut off` : null,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
        latencyMs: latency(),
      };
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return {
        statusCode: null,
        error: timedOut ? `no answer within ${request.timeoutMs} ms` : describeFailure(error),
        retryAfterMs: null,
        latencyMs: latency(),
      };
    }
  },
};

/** Reads a body up to a limit; true when there was more, which is then cancelled. */
async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<boolean> {
  if (body === null) return false;
  const reader = body.getReader();
  let read = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return false;
    read += chunk.value.byteLength;
    if (read > limit) {
      await reader.cancel();
      return true;
    }
  }
}

/** `Retry-After` in seconds, as milliseconds; an HTTP date or nonsense is ignored. */
export function retryAfterMs(header: string | null | undefined): number | null {
  return header !== null && header !== undefined && /^\d{1,9}$/.test(header.trim())
    ? Number(header.trim()) * 1000
    : null;
}

export function describeFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown }).code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return (typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message).slice(
    0,
    300,
  );
}

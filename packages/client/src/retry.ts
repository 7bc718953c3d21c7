export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  readonly attempts?: number;
  /** The first wait before trying again; it doubles each time, with jitter (default 250 ms). */
  readonly baseDelayMs?: number;
  /** The longest wait (default 4000 ms). */
  readonly maxDelayMs?: number;
}

export interface RetryingFetchOptions {
  readonly fetch: (request: Request) => Promise<Response>;
  /** The bearer token for each attempt, so that a retry after a wait never sends an expired one. */
  readonly token: () => Promise<string>;
  readonly retry?: RetryOptions;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/**
 * A fetch that sends a request again, unchanged (its Idempotency-Key included), when the outcome is
 * unknown or the write lost a race: a network error, 503 (`request_timeout`: it may have been
 * done, and the same key then answers the original), 409 `write_conflict`. Tessera guarantees that
 * a key posts at most once, so trying again can never post twice. Anything else is answered as is.
 */
export function retryingFetch(options: RetryingFetchOptions): (request: Request) => Promise<Response> {
  const attempts = Math.max(1, options.retry?.attempts ?? 4);
  const baseDelayMs = options.retry?.baseDelayMs ?? 250;
  const maxDelayMs = options.retry?.maxDelayMs ?? 4000;
  const sleep = options.sleep ?? ((milliseconds) => new Promise((done) => setTimeout(done, milliseconds)));
  const wait = (attempt: number) =>
    sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2));

  return async (request) => {
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt === attempts - 1;
      const sent = request.clone();
      sent.headers.set('authorization', `Bearer ${await options.token()}`);
      let response: Response;
      try {
        response = await options.fetch(sent);
      } catch (error) {
        if (last) throw error;
        await wait(attempt);
        continue;
      }
      if (last || !(await isWorthRetrying(response))) return response;
      await response.body?.cancel();
      await wait(attempt);
    }
  };
}

async function isWorthRetrying(response: Response): Promise<boolean> {
  if (response.status === 503) return true;
  if (response.status !== 409) return false;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  return typeof body === 'object' && body !== null && (body as { code?: unknown }).code === 'write_conflict';
}

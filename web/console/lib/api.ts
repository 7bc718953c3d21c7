/**
 * The console calls the same JSON API a partner's or operator's developer calls, with the staff
 * session's access token as the bearer token. The token lives in memory only; the refresh token
 * is the HttpOnly staff cookie, which only `POST /v1/staff/sessions/refresh` reads.
 */
export interface StaffSession {
  readonly userId: string;
  readonly name: string;
  readonly role: 'admin' | 'finance' | 'support';
  readonly partnerId: string | null;
  readonly accessToken: string;
}

/** An RFC 9457 problem the API answered, to show as it is. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${title}: ${detail}`);
  }
}

let session: StaffSession | undefined;
const listeners = new Set<(session: StaffSession | undefined) => void>();

export function currentSession(): StaffSession | undefined {
  return session;
}

export function onSession(listener: (session: StaffSession | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setSession(next: StaffSession | undefined): void {
  session = next;
  for (const listener of listeners) listener(next);
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as { code?: string; title?: string; detail?: string };
    return new Problem(response.status, body.code ?? 'error', body.title ?? 'Error', body.detail ?? '');
  } catch {
    return new Problem(response.status, 'error', `HTTP ${response.status}`, '');
  }
}

export interface CallOptions {
  readonly body?: unknown;
  /** Partner writes require an Idempotency-Key: a fresh one per action. */
  readonly idempotent?: boolean;
  /** Public routes (sign-in) send no token. */
  readonly anonymous?: boolean;
}

async function send(method: string, path: string, options: CallOptions): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotent) headers['idempotency-key'] = crypto.randomUUID();
  if (!options.anonymous && session !== undefined) headers.authorization = `Bearer ${session.accessToken}`;
  return fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

/** Calls the API; an expired access token is renewed once from the cookie. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  let response = await send(method, path, options);
  if (response.status === 401 && !options.anonymous && session !== undefined) {
    if (await refresh()) response = await send(method, path, options);
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

export async function json<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const response = await call(method, path, options);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Renews the session from the staff cookie; false when there is none (sign in again). */
export async function refresh(): Promise<boolean> {
  const response = await send('POST', '/v1/staff/sessions/refresh', {
    body: { cookie: true },
    anonymous: true,
  });
  if (!response.ok) {
    setSession(undefined);
    return false;
  }
  setSession((await response.json()) as StaffSession);
  return true;
}

export async function signOut(): Promise<void> {
  try {
    await call('DELETE', '/v1/staff/sessions/current');
  } finally {
    setSession(undefined);
  }
}

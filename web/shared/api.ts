import { ApiProblem, problemOf } from './problem.js';

/** What the API answers when a browser app signs a member (or another principal) in. */
export interface Session {
  readonly accessToken: string;
  readonly memberId: string;
  readonly sessionId: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The JSON API, called from a page on Tessera's own origin exactly as a member's developer calls it:
 * `Authorization: Bearer` with an access token kept in memory only. The refresh token never reaches
 * a script: it lives in the HttpOnly cookie, which only `POST /v1/sessions/refresh` reads. An access
 * token that expired is renewed once, with one refresh in flight however many calls ask for it
 * (two refreshes at once would present the same refresh token twice, which ends the session).
 * Every write carries its own Idempotency-Key, the same for its one retry, so a retried write never
 * happens twice.
 */
export class Api {
  private session: Session | undefined;
  private refreshing: Promise<Session | undefined> | undefined;
  private readonly listeners = new Set<(session: Session | undefined) => void>();

  constructor(private readonly send: typeof fetch = (input, init) => fetch(input, init)) {}

  get current(): Session | undefined {
    return this.session;
  }

  /** Called whenever the session starts, is renewed or ends. */
  onSession(listener: (session: Session | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signedIn(session: Session): void {
    this.session = session;
    for (const listener of this.listeners) listener(session);
  }

  signedOut(): void {
    this.session = undefined;
    for (const listener of this.listeners) listener(undefined);
  }

  /** Renews the session from the cookie; undefined when there is none (or it ended). */
  refresh(): Promise<Session | undefined> {
    this.refreshing ??= this.request<Session>('POST', '/v1/sessions/refresh', { cookie: true }, false)
      .then(
        (session) => {
          this.signedIn(session);
          return session;
        },
        () => {
          this.signedOut();
          return undefined;
        },
      )
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = void>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('DELETE', path, body);
  }

  private async request<T>(method: Method, path: string, body?: unknown, renew = true): Promise<T> {
    const idempotencyKey = method === 'GET' ? undefined : crypto.randomUUID();
    const response = await this.once(method, path, body, idempotencyKey);
    if (response.status === 401 && renew && this.session !== undefined) {
      const renewed = await this.refresh();
      if (renewed !== undefined) return this.read<T>(await this.once(method, path, body, idempotencyKey));
    }
    return this.read<T>(response);
  }

  private once(
    method: Method,
    path: string,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.session !== undefined) headers.authorization = `Bearer ${this.session.accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    return this.send(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  private async read<T>(response: Response): Promise<T> {
    if (!response.ok) throw await problemOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

export { ApiProblem };

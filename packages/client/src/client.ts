import createClient, { type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { TesseraProblem } from './problem.js';
import { type RetryOptions, retryingFetch } from './retry.js';
import type { paths } from './schema.js';
import { type PartnerTokenOptions, PartnerTokenSigner } from './token.js';

/**
 * Tessera's paths with the Idempotency-Key header made optional: the client sets one per call
 * (per logical operation) when the caller gives none, and keeps it for that call's retries.
 */
export type PartnerPaths = {
  [Path in keyof paths]: { [Method in keyof paths[Path]]: WithOptionalKey<paths[Path][Method]> };
};

type WithOptionalKey<Operation> = Operation extends { parameters: { header?: infer Header } }
  ? Omit<Operation, 'parameters'> & {
      parameters: Omit<Operation['parameters'], 'header'> & {
        header?: Omit<NonNullable<Header>, 'idempotency-key'> & { 'idempotency-key'?: string };
      };
    }
  : Operation;

type InitParam<Init> = RequiredKeysOf<Init> extends never ? [Init?] : [Init];

/** What a successful call answers: the response body, typed from the OpenAPI document. */
export type ResponseData<Operation, Init> = NonNullable<
  FetchResponse<Operation & Record<string | number, unknown>, Init, `${string}/${string}`>['data']
>;

type Call<Method extends HttpMethod> = <
  Path extends PathsWithMethod<PartnerPaths, Method>,
  Init extends MaybeOptionalInit<PartnerPaths[Path], Method>,
>(
  path: Path,
  ...init: InitParam<Init>
) => Promise<ResponseData<PartnerPaths[Path][Method], Init>>;

export interface PartnerClientOptions extends PartnerTokenOptions {
  /** Where Tessera answers, such as `https://api.tessera.example`. */
  readonly baseUrl: string;
  readonly retry?: RetryOptions;
  /** The fetch to send with (the global one by default). */
  readonly fetch?: (request: Request) => Promise<Response>;
}

export interface PartnerClient {
  readonly GET: Call<'get'>;
  readonly POST: Call<'post'>;
  readonly PUT: Call<'put'>;
  readonly PATCH: Call<'patch'>;
  readonly DELETE: Call<'delete'>;
  readonly tokens: PartnerTokenSigner;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A client for Tessera's partner API, typed from its OpenAPI document. Each call signs (or
 * reuses) a partner token, gives a write its own Idempotency-Key unless you pass one, retries what
 * is safe to retry with that same key, answers the response body, and throws `TesseraProblem`
 * (with the problem's `code`) for anything Tessera refused.
 */
export function createPartnerClient(options: PartnerClientOptions): PartnerClient {
  const tokens = new PartnerTokenSigner(options);
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const client = createClient<PartnerPaths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    fetch: retryingFetch({ fetch: send, token: () => tokens.token(), retry: options.retry }),
  });
  client.use({
    onRequest({ request }) {
      if (WRITE_METHODS.has(request.method) && !request.headers.has('idempotency-key'))
        request.headers.set('idempotency-key', crypto.randomUUID());
      return request;
    },
  });

  function call<Method extends HttpMethod>(method: Uppercase<Method>): Call<Method> {
    const send = client[method as 'GET'] as unknown as (
      path: string,
      init?: unknown,
    ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    return (async (path: string, init?: unknown) => {
      const { data, error, response } = await send(path, init);
      if (!response.ok) throw TesseraProblem.fromBody(response.status, error);
      return data;
    }) as unknown as Call<Method>;
  }

  return {
    GET: call('GET'),
    POST: call('POST'),
    PUT: call('PUT'),
    PATCH: call('PATCH'),
    DELETE: call('DELETE'),
    tokens,
  };
}

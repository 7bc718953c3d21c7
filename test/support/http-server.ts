import { type ServerType, serve } from '@hono/node-server';

export interface ServedApp {
  /** `http://127.0.0.1:<port>`, the port the system gave. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Serves an app (a `TestApp`'s, say) over real HTTP on 127.0.0.1, on a port the system gives. */
export function serveOverHttp(fetch: (request: Request) => Response | Promise<Response>): Promise<ServedApp> {
  return new Promise((listening) => {
    const server: ServerType = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      listening({
        baseUrl: `http://127.0.0.1:${info.port}`,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}

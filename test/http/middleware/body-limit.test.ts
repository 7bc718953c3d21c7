import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import type { AppEnv } from '../../../src/http/context.js';
import { limitBody } from '../../../src/http/middleware/body-limit.js';

/**
 * The body limit refuses what Hono's refuses, and leaves alone the body of a request that has none
 * or declares its length (on Node, touching it builds a web `Request` for every request).
 */
const LIMIT = 16;

function limitedApp() {
  const app = new Hono<AppEnv>();
  app.use(limitBody(LIMIT, (c) => c.text('too large', 413)));
  app.all('/', async (c) => c.text(c.req.method === 'POST' ? await c.req.text() : 'read'));
  return app;
}

/** A request whose body stream may not be looked at: reading it fails the test. */
function untouchable(method: string, headers: Record<string, string>, body?: string): Request {
  const request = new Request('http://tessera.test/', { method, headers, body });
  Object.defineProperty(request, 'body', {
    get() {
      throw new Error('the body limit looked at the body stream');
    },
  });
  return request;
}

describe('limitBody', () => {
  test.each([
    ['a GET without a body', untouchable('GET', {})],
    ['a HEAD without a body', untouchable('HEAD', {})],
    ['a POST that declares a length within the limit', untouchable('POST', { 'content-length': '2' })],
  ])('%s passes without its body stream being looked at', async (_name, request) => {
    expect((await limitedApp().fetch(request)).status).toBe(200);
  });

  test('a body that declares a length over the limit is refused before it is read', async () => {
    const request = untouchable('POST', { 'content-length': String(LIMIT + 1) }, 'x'.repeat(LIMIT + 1));
    const response = await limitedApp().fetch(request);
    expect(response.status).toBe(413);
  });

  test('a body of undeclared length is counted as it streams: within the limit it reaches the route whole', async () => {
    const response = await limitedApp().fetch(streamed(['{"a":', '1}']));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"a":1}');
  });

  test('a body of undeclared length over the limit is refused', async () => {
    const response = await limitedApp().fetch(streamed(['x'.repeat(LIMIT), 'y']));
    expect(response.status).toBe(413);
  });
});

function streamed(parts: string[]): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
  return new Request('http://tessera.test/', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

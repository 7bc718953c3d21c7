import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';
import { nodeWebhookTransport } from '../../src/node-webhook-transport.js';
import { type DispatchResult, dispatchOnce } from '../../src/webhooks/dispatch.js';
import type { TestApp } from '../support/harness.js';

/** What a receiver got: the raw body and headers, exactly as they came over the wire. */
export interface Received {
  readonly receivedAt: number;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the receiver answers one request: a status, or no answer at all (the sender times out). */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/**
 * A webhook receiver on 127.0.0.1, on the port the system gives: it records every request and
 * answers as the test scripts it (200 by default).
 */
export class Receiver {
  readonly received: Received[] = [];
  answer: (request: Received, index: number) => Answer = () => ({ status: 200 });
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = {
          receivedAt: Date.now(),
          path: request.url ?? '/',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        receiver.received.push(received);
        const answer = receiver.answer(received, receiver.received.length - 1);
        if (answer === 'hang') {
          receiver.hanging.add(response);
          return;
        }
        response.writeHead(answer.status, answer.headers ?? {});
        response.end(answer.body ?? '');
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** The events received, parsed. */
  events(): { id: string; type: string; data: Record<string, unknown> }[] {
    return this.received.map((request) => JSON.parse(request.body));
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise((closed) => this.server.close(closed));
  }
}

/** One dispatch of the app's webhooks, at its clock, with a fixed jitter. */
export function dispatch(app: TestApp): Promise<DispatchResult> {
  return dispatchOnce({
    ...app.deps,
    transport: nodeWebhookTransport(app.config.webhooks),
    random: () => 0.5,
  });
}

/** Dispatches until nothing is left to do now. */
export async function dispatchAll(app: TestApp): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    const result = await dispatch(app);
    if (result.scheduled === 0 && result.attempted === 0) return;
  }
  throw new Error('webhooks were still being dispatched after 20 rounds');
}

/**
 * Verifies a delivery with the `standardwebhooks` package as a receiver would, at the test's time
 * (the package checks the timestamp against its own clock, five minutes either way); throws when
 * no signature verifies.
 */
export function verify(secret: string, received: Received, nowMs: number): unknown {
  vi.useFakeTimers({ toFake: ['Date'], now: nowMs });
  try {
    return new Webhook(secret).verify(received.body, received.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

/** Every row of the webhook tables, to compare before and after a refused request. */
export async function webhookTables(app: TestApp) {
  const rows = (table: string) => app.deps.db.all(sql.raw(`SELECT * FROM ${table} ORDER BY rowid`));
  return {
    endpoints: await rows('webhook_endpoints'),
    deliveries: await rows('webhook_deliveries'),
    attempts: await rows('webhook_attempts'),
    audit: await rows('audit_log'),
  };
}

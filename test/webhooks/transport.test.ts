import type { LookupAddress } from 'node:dns';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { nodeWebhookTransport } from '../../src/node-webhook-transport.js';
import { Receiver } from './support.js';

/**
 * The Node transport resolves the host itself when it sends, and connects only to addresses it
 * checked: a name that resolves inside (DNS rebinding, an internal zone) is refused then.
 */
let receiver: Receiver;
beforeEach(async () => {
  receiver = await Receiver.start();
});
afterEach(async () => {
  await receiver.close();
});

const request = (url: string) => ({
  url,
  headers: { 'content-type': 'application/json' },
  body: '{}',
  timeoutMs: 2000,
  maxResponseBytes: 1024,
});

function resolvingTo(...addresses: string[]) {
  return (
    _hostname: string,
    _options: { all: true },
    callback: (error: null, found: LookupAddress[]) => void,
  ) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
}

test('a name that resolves to an internal address is refused at delivery, and nothing is sent', async () => {
  const port = new URL(receiver.url).port;
  for (const addresses of [['127.0.0.1'], ['93.184.216.34', '10.0.0.7'], ['::1']]) {
    const transport = nodeWebhookTransport({ allowPrivateUrls: false }, resolvingTo(...addresses));
    const response = await transport.send(request(`http://hooks.partner.example:${port}/hooks`));
    expect(response.statusCode).toBeNull();
    expect(response.error).toMatch(/resolves to .*, an internal address/);
  }
  expect(receiver.received).toEqual([]);
});

test('a literal internal address is refused without connecting', async () => {
  const transport = nodeWebhookTransport({ allowPrivateUrls: false });
  const response = await transport.send(request(receiver.url));
  expect(response).toMatchObject({
    statusCode: null,
    error: '127.0.0.1 is an internal address webhooks are not sent to',
  });
  expect(receiver.received).toEqual([]);
});

test('with WEBHOOK_ALLOW_PRIVATE_URLS the same name reaches the loopback receiver', async () => {
  const port = new URL(receiver.url).port;
  const transport = nodeWebhookTransport({ allowPrivateUrls: true }, resolvingTo('127.0.0.1'));
  const response = await transport.send(request(`http://hooks.partner.example:${port}/hooks`));
  expect(response).toMatchObject({ statusCode: 200, error: null });
  expect(receiver.received).toHaveLength(1);
});

test('a connection refused is an answer-less failure, not an exception', async () => {
  const transport = nodeWebhookTransport({ allowPrivateUrls: true });
  const response = await transport.send(request('http://127.0.0.1:1/hooks'));
  expect(response.statusCode).toBeNull();
  expect(response.error).toMatch(/ECONNREFUSED/);
});

import { type LookupAddress, lookup as systemLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isInternalAddress, literalAddress } from './domain/webhooks/addresses.js';
import {
  describeFailure,
  retryAfterMs,
  type WebhookResponse,
  type WebhookTransport,
} from './webhooks/transport.js';

type Resolve = (
  hostname: string,
  options: { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * Sends webhooks from Node with node:http(s), resolving each host itself: every address a name
 * resolves to is checked when the delivery is sent, and the connection goes only to a checked
 * one, so a name that was public at registration and points inside later (DNS rebinding) is
 * refused. A literal address is checked the same way. Redirects are not followed; a new
 * connection per delivery.
 */
export function nodeWebhookTransport(
  settings: { readonly allowPrivateUrls: boolean },
  resolve: Resolve = systemLookup as unknown as Resolve,
): WebhookTransport {
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname, { all: true }, (error, addresses) => {
      if (error !== null) return callback(error, '', 0);
      const internal = addresses.find((found) => isInternalAddress(found.address));
      if (internal !== undefined && !settings.allowPrivateUrls) {
        const refused: NodeJS.ErrnoException = new Error(
          `${hostname} resolves to ${internal.address}, an internal address webhooks are not sent to`,
        );
        refused.code = 'EADDRNOTALLOWED';
        return callback(refused, '', 0);
      }
      const first = addresses[0];
      if (options.all === true) return callback(null, addresses);
      if (first === undefined)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };

  return {
    send(request) {
      const started = performance.now();
      const url = new URL(request.url);
      const literal = literalAddress(url.hostname);
      if (literal !== undefined && isInternalAddress(literal) && !settings.allowPrivateUrls) {
        return Promise.resolve({
          statusCode: null,
          error: `${literal} is an internal address webhooks are not sent to`,
          retryAfterMs: null,
          latencyMs: 0,
        });
      }
      return new Promise<WebhookResponse>((settle) => {
        let settled = false;
        const finish = (result: Omit<WebhookResponse, 'latencyMs'>) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          settle({ ...result, latencyMs: Math.round(performance.now() - started) });
        };
        const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
        const outgoing = send(
          url,
          {
            method: 'POST',
            headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
            lookup,
            agent: false,
          },
          (response) => {
            let read = 0;
            const answer = {
              statusCode: response.statusCode ?? null,
              retryAfterMs: retryAfterMs(response.headers['retry-after']),
            };
            response.on('data', (chunk: Buffer) => {
              read += chunk.length;
              if (read <= request.maxResponseBytes) return;
              finish({
                ...answer,
                error: `the answer was longer than ${request.maxResponseBytes} bytes and was cut off`,
              });
              response.destroy();
            });
            response.on('end', () => finish({ ...answer, error: null }));
            response.on('error', (error) => finish({ ...answer, error: describeFailure(error) }));
          },
        );
        const timer = setTimeout(() => {
          finish({ statusCode: null, error: `no answer within ${request.timeoutMs} ms`, retryAfterMs: null });
          outgoing.destroy();
        }, request.timeoutMs);
        outgoing.on('error', (error) =>
          finish({ statusCode: null, error: describeFailure(error), retryAfterMs: null }),
        );
        outgoing.end(request.body);
      });
    },
  };
}

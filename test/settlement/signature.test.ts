import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalJson } from '../../src/domain/settlement/canonical-json.js';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { closed } from './support.js';

let app: TestApp;
let hotel: PartnerClient;
let settlementId: string;
let partnerToken: string;

beforeAll(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, { settlementCurrency: 'USD' });
  const shop = await partnerClient(app, { name: 'Shop', settlementCurrency: 'CZK' });
  const memberId = await hotel.enrol();
  await hotel.earn({ memberId, amount: { amount: '543.21', currency: 'USD' } });
  await shop.redeem({ memberId, points: 123 });
  settlementId = (await closed(app)).settlement.settlementId;
  partnerToken = await hotel.token();
});
afterAll(async () => {
  await app.close();
});

/**
 * The README snippet, verbatim: a partner verifies its statement with nothing but the JWKS.
 * `base`, `token` and `fetch` are the only things the test supplies (fetch goes to the app).
 */
async function readmeSnippet(
  base: string,
  token: string,
  id: string,
  fetch: (url: string, init?: RequestInit) => Promise<Response>,
) {
  const jwks = createLocalJWKSet(await (await fetch(`${base}/.well-known/jwks.json`)).json());
  const response = await fetch(`${base}/v1/settlements/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { signature } = await response.json();
  const { payload, protectedHeader } = await compactVerify(signature, jwks, { algorithms: ['ES256'] });
  if (protectedHeader.typ !== 'tessera-statement+jws') throw new Error('not a Tessera statement');
  const statement = JSON.parse(new TextDecoder().decode(payload));
  // `statement` is exactly what the network signed: pay statement.payment.amount
  return statement;
}

const appFetch = (url: string, init?: RequestInit) => Promise.resolve(app.app.request(url, init));

async function jwks() {
  return createLocalJWKSet((await app.request('GET', '/.well-known/jwks.json')).body);
}

describe('statement signatures', () => {
  test('the README snippet verifies a statement against /.well-known/jwks.json alone', async () => {
    const statement = await readmeSnippet('https://tessera.example', partnerToken, settlementId, appFetch);
    const served = await app.request('GET', `/v1/settlements/${settlementId}`, { token: partnerToken });
    expect(statement).toEqual(served.body.statement);
    expect(statement.partner.id).toBe(hotel.partner.id);
    expect(decodeProtectedHeader(served.body.signature)).toEqual({
      alg: 'ES256',
      kid: app.deps.networkKeys.signing.kid,
      typ: 'tessera-statement+jws',
    });
  });

  test('the snippet in docs/settlement.md is the one this test runs', () => {
    const documentation = readFileSync(resolve(import.meta.dirname, '../../docs/settlement.md'), 'utf8');
    const snippet = /### Verifying a statement[\s\S]*?```ts\n([\s\S]*?)```/.exec(documentation)?.[1] ?? '';
    const source = readFileSync(import.meta.filename, 'utf8');
    const lines = snippet.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('import '));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(source).toContain(`  ${line}`);
  });

  test('the payload is the canonical JSON of the statement served, byte for byte', async () => {
    const served = await app.request('GET', `/v1/settlements/${settlementId}`, { token: partnerToken });
    const { payload } = await compactVerify(served.body.signature, await jwks());
    expect(new TextDecoder().decode(payload)).toBe(canonicalJson(served.body.statement));
  });

  test.each(['header', 'payload', 'signature'])(
    'a changed byte in the %s fails verification',
    async (part) => {
      const served = await app.request('GET', `/v1/settlements/${settlementId}`, { token: partnerToken });
      const parts = served.body.signature.split('.') as string[];
      const index = ['header', 'payload', 'signature'].indexOf(part);
      const segment = parts[index]!;
      const position = Math.floor(segment.length / 2);
      parts[index] =
        segment.slice(0, position) + (segment[position] === 'A' ? 'B' : 'A') + segment.slice(position + 1);
      await expect(compactVerify(parts.join('.'), await jwks())).rejects.toThrow();
    },
  );

  test('a statement whose amount was changed no longer matches its signed payload', async () => {
    const served = await app.request('GET', `/v1/settlements/${settlementId}`, { token: partnerToken });
    const forged = {
      ...served.body.statement,
      payment: { ...served.body.statement.payment, amount: { amount: '0.01', currency: 'USD' } },
    };
    const { payload } = await compactVerify(served.body.signature, await jwks());
    expect(new TextDecoder().decode(payload)).not.toBe(canonicalJson(forged));
  });

  test('the settlement document is signed too, and binds every statement by its SHA-256 digest', async () => {
    const operator = await app.request('GET', `/v1/settlements/${settlementId}`, {
      token: await app.operatorToken(),
    });
    const { payload, protectedHeader } = await compactVerify(operator.body.signature, await jwks());
    expect(protectedHeader.typ).toBe('tessera-settlement+jws');
    const document = JSON.parse(new TextDecoder().decode(payload));
    expect(document).toEqual(operator.body.settlement);
    for (const row of operator.body.statements) {
      const statementPayload = (await compactVerify(row.signature, await jwks())).payload;
      const digest = createHash('sha256').update(statementPayload).digest('base64url');
      expect(
        document.statements.find((entry: { partnerId: string }) => entry.partnerId === row.partnerId).digest,
      ).toBe(digest);
    }
  });

  test('the CSV carries the statement JWS in its Tessera-Signature header', async () => {
    const json = await app.request('GET', `/v1/settlements/${settlementId}`, { token: partnerToken });
    const csv = await app.request('GET', `/v1/settlements/${settlementId}.csv`, { token: partnerToken });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('tessera-signature')).toBe(json.body.signature);
    const { payload } = await compactVerify(csv.headers.get('tessera-signature') ?? '', await jwks());
    const statement = JSON.parse(new TextDecoder().decode(payload));
    expect(csv.body).toContain(
      `${settlementId},${hotel.partner.id},payment,${statement.payment.direction},,,,,USD,${statement.payment.amount.amount}`,
    );
  });

  test('a statement JWS is not a token: the API refuses it as a bearer credential', async () => {
    const served = await app.request('GET', `/v1/settlements/${settlementId}`, { token: partnerToken });
    const response = await app.request('GET', '/v1/settlements', { token: served.body.signature });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
  });
});

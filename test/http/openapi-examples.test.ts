import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formPool, poolApi } from '../pools/fixtures.js';
import { SoftwareAuthenticator } from '../support/authenticator.js';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';
import { claimedMember, enrolWithClaim, registerPasskey } from '../support/members.js';
import { invite, staffUser } from '../support/staff.js';

/**
 * The OpenAPI document as a client generator and Swagger UI's "Try it out" read it: every
 * operation's request example, sent as documented, is a request Tessera carries out. Path and query
 * parameters come from their examples, the body from its schema's example, and the example ids in
 * them are replaced by ids of a coalition built here. What the document marks required is what the
 * server requires, and a field accepts null exactly where the document says so.
 */

type Schema = Record<string, any>;
type Principal = 'partner' | 'member' | 'operator';

interface Operation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly operation: Schema;
}

/** The ids the document's examples use. */
const EXAMPLE = {
  member: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  partner: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  transaction: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  pool: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  settlement: 'stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  dispute: 'dsp_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  snapshot: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  transfer: 'trf_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  kid: 'harbor-2026-11',
  inviteCode: 'K7QF3M9XZP2A',
  claimCode: '7KQ2-M9XD-4TRB-W1HC',
  payCode: 'P4YC-0DE7-QR5T-WX2M',
  refreshToken: 'tsr_3q2-7wEvBm0rQ1yJ8bVxk2oYl5N4cHf6aTg9dSe1uZi',
  passkey: 'pkey_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  challengeToken: 'eyJhbGciOiJFUzI1NiIs…',
  credentialId: 'q0Rm3WbkTjyD4sHqdu9T0A',
  createClientData: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0',
  attestationObject: 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjF',
  getClientData: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0',
  authenticatorData: 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ',
  signature: 'MEUCIQDwa2Fp',
  userHandle: 'bWVtXzAxSkQzWjZXM1JNMEUyRjJXQjdHMEszVDlR',
  item: 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  reservation: 'rsv_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  selection: 'sel_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  giftCard: 'gft_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  giftCardCode: 'Q4ZK-7M2P-WX9D-E3HA-K3T9',
  payment: 'gcm_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  endpoint: 'whe_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  event: 'evt_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  message: 'msg_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  staffInvitationCode: 'K7QF-3M9X-ZP2A-W1HC',
} as const;

/** What an operation's example needs: real values for the example's, and who sends it. */
interface Fixture {
  readonly ids: Partial<Record<keyof typeof EXAMPLE, string>>;
  readonly member: string;
  readonly partner: PartnerClient;
  /** A member's access token of a session, where the operation needs one (the operator's have none). */
  readonly token?: string;
}

const SCHEMES: Record<string, Principal> = {
  partnerToken: 'partner',
  memberToken: 'member',
  operatorToken: 'operator',
};

let app: TestApp;
let document: Schema;
let world: Fixture;

beforeAll(async () => {
  app = await TestApp.create();
  document = (await app.request('GET', '/openapi.json')).body;
  const snapshot = await publishRates(app);
  const hotel = await partnerClient(app);
  const member = await hotel.enrol({ externalReference: 'CARD-0001' });
  const earned = await hotel.earn({
    memberId: member,
    amount: { amount: '542.50', currency: 'USD' },
    externalReference: 'folio-88231',
  });
  await hotel.earn({ memberId: member, amount: { amount: '1085.00', currency: 'USD' } });
  const operator = await app.operatorToken();
  const closed = await app.request('POST', '/v1/settlements', { token: operator, body: {} });
  const settlement = closed.body.settlement.settlementId as string;
  const lines = await app.request('GET', `/v1/settlements/${settlement}/lines`, {
    token: await hotel.token(),
  });
  const [disputed, resolved] = lines.body.data.map((line: Schema) => line.transferId as string);
  const dispute = await app.request('POST', `/v1/settlements/${settlement}/disputes`, {
    token: await hotel.token(),
    idempotencyKey: newKey(),
    body: { transferIds: [resolved], reason: 'Earned twice' },
  });
  const events = await app.request('GET', '/v1/events?types=transaction.earned', {
    token: await hotel.token(),
  });
  world = {
    member,
    partner: hotel,
    ids: {
      member,
      partner: hotel.partner.id,
      transaction: earned.body.id,
      settlement,
      snapshot: snapshot.id,
      transfer: disputed,
      dispute: dispute.body.id,
      event: events.body.data[0].id,
    },
  };
});
afterAll(async () => {
  await app.close();
});

/** A fresh member who lets the world's partner message them; with a message from it if asked. */
async function reachable(options: { message: boolean }) {
  const member = await world.partner.enrol();
  const consent = await app.request('PUT', `/v1/me/consents/${world.partner.partner.id}`, {
    token: await app.memberToken(member),
    body: { profile: false, tier: true, balance: true, messages: true },
  });
  if (consent.status !== 200) throw new Error(`consent: ${consent.status} ${JSON.stringify(consent.body)}`);
  if (!options.message) return { member };
  const sent = await app.request('POST', '/v1/messages', {
    token: await world.partner.token(),
    idempotencyKey: newKey(),
    body: { memberId: member, topic: 'news', title: 'Open on Sunday', body: 'We are open this Sunday.' },
  });
  if (sent.status !== 201) throw new Error(`message: ${sent.status} ${JSON.stringify(sent.body)}`);
  return { member, message: sent.body.id as string };
}

/** A fresh hold of 325.50 USD for the world's member. */
async function hold(): Promise<string> {
  const response = await world.partner.earn({
    memberId: world.member,
    amount: { amount: '325.50', currency: 'USD' },
    hold: {},
  });
  return response.body.id;
}

/** A household of two fresh members: the owner and one who joined. */
async function household() {
  const owner = await world.partner.enrol();
  const joined = await world.partner.enrol();
  const pool = await formPool(app, owner, [joined]);
  return { pool, owner, joined };
}

/** A member who claimed the wallet, signed in with a session; with a passkey if asked. */
async function signedIn(passkeys = 0) {
  const member = await claimedMember(app, world.partner);
  const authenticators: SoftwareAuthenticator[] = [];
  const registered: { id: string }[] = [];
  for (let index = 0; index < passkeys; index += 1) {
    const authenticator = await SoftwareAuthenticator.create();
    registered.push(await registerPasskey(app, member.accessToken, authenticator));
    authenticators.push(authenticator);
  }
  return { ...member, authenticators, registered };
}

/** A voucher of the world's partner (or, as the operator, of the network), approved unless asked. */
async function item(options: { approved?: boolean; principal?: Principal } = {}): Promise<string> {
  const asOperator = options.principal === 'operator';
  const created = await app.request('POST', '/v1/catalogue/items', {
    token: asOperator ? await app.operatorToken() : await world.partner.token(),
    idempotencyKey: newKey(),
    body: {
      kind: 'voucher',
      title: 'A sunset sail on the bay',
      description: 'Two hours, drinks aboard.',
      stock: 50,
      pointsPrice: 10,
      settlementPrice: { amount: '0.12', currency: 'EUR' },
      availableFrom: '2026-01-01T00:00:00Z',
      availableUntil: '2099-12-31T00:00:00Z',
    },
  });
  if (options.approved !== false && !asOperator)
    await app.request('POST', `/v1/catalogue/items/${created.body.id}/review`, {
      token: await app.operatorToken(),
      body: { decision: 'approve' },
    });
  return created.body.id;
}

/** A reservation of the world's member: of the world partner's item, or the network's for the operator. */
async function reservation(principal?: Principal): Promise<string> {
  const reserved = await app.request('POST', '/v1/me/reservations', {
    token: await app.memberToken(world.member),
    idempotencyKey: newKey(),
    body: { itemId: await item({ principal }) },
  });
  return reserved.body.id;
}

/** A yearly choice whose cohort is every member holding at least `minPoints`, ended when asked. */
async function selection(minPoints: number, options: { ended: boolean }): Promise<string> {
  const opened = await app.request('POST', '/v1/selections', {
    token: await app.operatorToken(),
    body: {
      name: 'Experiences 2027',
      cohort: { type: 'points', minPoints, asOf: new Date(app.clock.nowMs).toISOString() },
      closesAt: new Date(app.clock.nowMs + (options.ended ? 1000 : 86_400_000)).toISOString(),
    },
  });
  if (options.ended) app.clock.advance(1000);
  return opened.body.id;
}

/** A fresh member's gift card (10,000 points: 108.50 USD), its code, and a payment of 20.00 USD with it. */
async function giftCard() {
  const member = await world.partner.enrol();
  await world.partner.earn({ memberId: member, amount: { amount: '10000.00', currency: 'USD' } });
  const minPoints = (await world.partner.balance(member)).available;
  const closed = await app.request(
    'POST',
    `/v1/selections/${await selection(minPoints, { ended: true })}/close`,
    {
      token: await app.operatorToken(),
    },
  );
  if (closed.body.status !== 'closed') throw new Error(`close: ${JSON.stringify(closed.body)}`);
  const token = await app.memberToken(member);
  const [card] = (await app.request('GET', '/v1/me/gift-cards', { token })).body.data;
  const code = (await app.request('POST', `/v1/me/gift-cards/${card.id}/code`, { token })).body.code;
  const payment = await app.request('POST', '/v1/gift-cards/payments', {
    token: await world.partner.token(),
    idempotencyKey: newKey(),
    body: { code, amount: { amount: '20.00', currency: card.balance.currency } },
  });
  return { member, card: card.id as string, code: code as string, payment: payment.body.id as string };
}

/** A webhook endpoint of the principal that sends the example: an endpoint is its owner's alone. */
async function ownEndpoint(principal: Principal | undefined): Promise<Partial<Fixture>> {
  const token = principal === 'operator' ? await app.operatorToken() : await world.partner.token();
  const response = await app.request('POST', '/v1/webhook-endpoints', {
    token,
    body: { url: 'https://hooks.example.com/tessera', eventTypes: ['transaction.earned'] },
  });
  if (response.status !== 201) throw new Error(`ownEndpoint: ${response.status}`);
  return { ids: { endpoint: response.body.id } };
}

/** The fixtures of the operations whose example needs more than the world's ids. */
const FIXTURES: Record<string, (principal: Principal | undefined) => Promise<Partial<Fixture>>> = {
  getCatalogueItem: async () => ({ ids: { item: await item({ approved: false }) } }),
  updateCatalogueItem: async (principal) => ({ ids: { item: await item({ approved: false, principal }) } }),
  reviewCatalogueItem: async () => ({ ids: { item: await item({ approved: false }) } }),
  reserveCatalogueItem: async () => ({ ids: { item: await item() } }),
  saveMyGoal: async () => ({ ids: { item: await item() } }),
  getMyGoal: async () => {
    const itemId = await item();
    await app.request('PUT', '/v1/me/goal', {
      token: await app.memberToken(world.member),
      body: { itemId },
    });
    return { ids: { item: itemId } };
  },
  cancelReservation: async () => ({ ids: { reservation: await reservation() } }),
  fulfilReservation: async (principal) => ({ ids: { reservation: await reservation(principal) } }),
  getSelection: async () => ({ ids: { selection: await selection(1e12, { ended: false }) } }),
  closeSelection: async () => ({ ids: { selection: await selection(1e12, { ended: true }) } }),
  checkGiftCardBalance: async () => ({ ids: { giftCardCode: (await giftCard()).code } }),
  payWithGiftCard: async () => ({ ids: { giftCardCode: (await giftCard()).code } }),
  refundGiftCardPayment: async () => ({ ids: { payment: (await giftCard()).payment } }),
  issueGiftCardCode: async () => {
    const { member, card } = await giftCard();
    return { ids: { giftCard: card }, member };
  },
  getWebhookEndpoint: ownEndpoint,
  updateWebhookEndpoint: ownEndpoint,
  deleteWebhookEndpoint: ownEndpoint,
  rotateWebhookSecret: ownEndpoint,
  listWebhookAttempts: ownEndpoint,
  redeliverWebhookEvents: ownEndpoint,
  updatePartner: async () => ({ ids: { partner: (await app.createPartner()).id } }),
  listPartnerKeys: async () => ({ ids: { partner: world.partner.partner.id } }),
  // A partner's keys are managed by its admin staff, never with a partner token.
  registerPartnerKey: async (principal) => {
    const partner = await app.createPartner();
    return { ids: { partner: partner.id }, ...(await partnerAdminToken(principal, partner.id)) };
  },
  removePartnerKey: async (principal) => {
    const { partner, key } = await app.onboardPartner();
    return {
      ids: { partner: partner.id, kid: key.kid },
      ...(await partnerAdminToken(principal, partner.id)),
    };
  },
  captureHold: async () => ({ ids: { transaction: await hold() } }),
  // A challenge names a tier of the ladder in force: the ladder the document's example publishes.
  grantStatusChallenge: async () => {
    const published = await app.request('PUT', '/v1/status/tiers', {
      token: await app.operatorToken(),
      body: document.components.schemas.PublishTiers.example,
    });
    expect(published.status).toBe(201);
    return {};
  },
  voidHold: async () => ({ ids: { transaction: await hold() } }),
  createPool: async () => ({ member: await world.partner.enrol() }),
  joinPool: async () => {
    const { pool, owner } = await household();
    const invite = await poolApi(app).invite(pool, owner);
    return { ids: { inviteCode: invite.body.code }, member: await world.partner.enrol() };
  },
  getPool: async () => {
    const { pool, owner } = await household();
    return { ids: { pool }, member: owner };
  },
  dissolvePool: async () => {
    const { pool, owner } = await household();
    return { ids: { pool }, member: owner };
  },
  createPoolInvite: async () => {
    const { pool, owner } = await household();
    return { ids: { pool }, member: owner };
  },
  setMyPledge: async () => {
    const { pool, joined } = await household();
    return { ids: { pool }, member: joined };
  },
  updatePoolMember: async () => {
    const { pool, owner, joined } = await household();
    return { ids: { pool, member: joined }, member: owner };
  },
  claimWallet: async () => ({ ids: { claimCode: (await enrolWithClaim(app, world.partner)).claim.code } }),
  linkMember: async () => {
    const member = await world.partner.enrol();
    const payCode = await app.request('POST', '/v1/me/pay-codes', {
      token: await app.memberToken(member),
      body: {},
    });
    return { member, ids: { member, payCode: payCode.body.code } };
  },
  mergeMembership: async () => {
    const member = await signedIn();
    const other = await enrolWithClaim(app, world.partner);
    return { member: member.memberId, token: member.accessToken, ids: { claimCode: other.claim.code } };
  },
  refreshSession: async () => ({ ids: { refreshToken: (await signedIn()).refreshToken } }),
  endSession: async () => {
    const member = await signedIn();
    return { member: member.memberId, token: member.accessToken };
  },
  registerPasskey: async () => {
    const member = await signedIn();
    const options = await app.request('POST', '/v1/me/passkeys/challenges', { token: member.accessToken });
    const credential = await (await SoftwareAuthenticator.create()).register(options.body.publicKey);
    return {
      member: member.memberId,
      token: member.accessToken,
      ids: {
        challengeToken: options.body.challengeToken,
        credentialId: credential.id,
        createClientData: credential.response.clientDataJSON,
        attestationObject: credential.response.attestationObject,
      },
    };
  },
  signInWithPasskey: async () => {
    const member = await signedIn(1);
    const options = await app.request('POST', '/v1/sessions/passkey/challenges', {});
    const [authenticator] = member.authenticators;
    if (authenticator === undefined) throw new Error('no authenticator');
    const credential = await authenticator.assert(options.body.publicKey);
    return {
      ids: {
        challengeToken: options.body.challengeToken,
        credentialId: credential.id,
        getClientData: credential.response.clientDataJSON,
        authenticatorData: credential.response.authenticatorData,
        signature: credential.response.signature,
        userHandle: credential.response.userHandle ?? undefined,
      },
    };
  },
  removePasskey: async () => {
    const member = await signedIn(2);
    return { member: member.memberId, token: member.accessToken, ids: { passkey: member.registered[0]?.id } };
  },
  // Erasure is irreversible: a fresh member (with points, which the example forfeits) erases.
  eraseMyData: async () => {
    const member = await world.partner.enrol();
    await world.partner.earn({ memberId: member, amount: { amount: '10.85', currency: 'USD' } });
    return { member };
  },
  sendMessage: async () => ({ ids: { member: (await reachable({ message: false })).member } }),
  markMyMessageRead: async () => {
    const { member, message } = await reachable({ message: true });
    return { member, ids: { message } };
  },
  startStaffInvitation: async () => ({
    ids: { staffInvitationCode: (await invite(app, { role: 'finance' })).body.code },
  }),
  acceptStaffInvitation: async () => {
    const code = (await invite(app, { role: 'finance' })).body.code;
    const options = await app.request('POST', '/v1/staff/invitations/challenges', { body: { code } });
    const credential = await (await SoftwareAuthenticator.create()).register(options.body.publicKey);
    return {
      ids: {
        staffInvitationCode: code,
        challengeToken: options.body.challengeToken,
        credentialId: credential.id,
        createClientData: credential.response.clientDataJSON,
        attestationObject: credential.response.attestationObject,
      },
    };
  },
  signInStaff: async () => {
    const staff = await staffUser(app, { role: 'admin' });
    const options = await app.request('POST', '/v1/staff/sessions/passkey/challenges', {});
    const credential = await staff.authenticator.assert(options.body.publicKey);
    return {
      ids: {
        challengeToken: options.body.challengeToken,
        credentialId: credential.id,
        getClientData: credential.response.clientDataJSON,
        authenticatorData: credential.response.authenticatorData,
        signature: credential.response.signature,
        userHandle: credential.response.userHandle ?? undefined,
      },
    };
  },
  refreshStaffSession: async () => ({
    ids: { refreshToken: (await staffUser(app, { role: 'admin' })).refreshToken },
  }),
  endStaffSession: async (principal) => {
    const partnerId = principal === 'partner' ? world.partner.partner.id : undefined;
    const staff = await staffUser(app, {
      role: 'finance',
      ...(partnerId === undefined ? {} : { partnerId }),
    });
    return { token: staff.accessToken };
  },
  removePoolMember: async () => {
    const { pool, owner, joined } = await household();
    return { ids: { pool, member: joined }, member: owner };
  },
};

function operations(): Operation[] {
  return Object.entries<Schema>(document.paths).flatMap(([path, methods]) =>
    Object.entries<Schema>(methods).map(([method, operation]) => ({
      id: operation.operationId,
      method,
      path,
      operation,
    })),
  );
}

function principalsOf(operation: Schema): (Principal | undefined)[] {
  const security: Schema[] = operation.security ?? [];
  if (security.length === 0) return [undefined];
  return security.flatMap((requirement) => Object.keys(requirement).map((scheme) => SCHEMES[scheme]));
}

function resolve(schema: Schema | undefined): Schema | undefined {
  if (schema?.$ref === undefined) return schema;
  return document.components.schemas[String(schema.$ref).split('/').pop() ?? ''];
}

/** Every string in the example that is an example id, replaced by the fixture's. */
function withIds<T>(value: T, ids: Fixture['ids']): T {
  const replacements = new Map<string, string | undefined>(
    Object.entries(ids).map(([name, real]) => [EXAMPLE[name as keyof typeof EXAMPLE], real]),
  );
  const replace = (item: unknown): unknown => {
    if (typeof item === 'string') return replacements.get(item) ?? item;
    if (Array.isArray(item)) return item.map(replace);
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, replace(inner)]));
    return item;
  };
  return replace(value) as T;
}

const exampleOf = (parameter: Schema) => parameter.example ?? parameter.schema?.example;

/** For a partner caller, the token of an admin staff user of that partner. */
async function partnerAdminToken(principal: Principal | undefined, partnerId: string) {
  if (principal !== 'partner') return {};
  return { token: (await staffUser(app, { role: 'admin', partnerId })).accessToken };
}

/** The operation's request as its examples give it. */
function exampleRequest(operation: Operation, fixture: Fixture, body?: unknown) {
  const parameters: Schema[] = operation.operation.parameters ?? [];
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const parameter = parameters.find((candidate) => candidate.in === 'path' && candidate.name === name);
    return encodeURIComponent(String(withIds(exampleOf(parameter ?? {}), fixture.ids)));
  });
  const query = new URLSearchParams();
  for (const parameter of parameters) {
    const example = exampleOf(parameter);
    if (parameter.in === 'query' && example !== undefined)
      query.set(parameter.name, String(withIds(example, fixture.ids)));
  }
  const bodySchema = resolve(operation.operation.requestBody?.content?.['application/json']?.schema);
  return {
    url: query.size === 0 ? path : `${path}?${query}`,
    body: body ?? (bodySchema === undefined ? undefined : withIds(bodySchema.example, fixture.ids)),
    keyPolicy: keyPolicyOf(parameters),
  };
}

function keyPolicyOf(parameters: Schema[]): 'required' | 'optional' | 'none' {
  const key = parameters.find(
    (parameter) => parameter.in === 'header' && parameter.name === 'idempotency-key',
  );
  if (key === undefined) return 'none';
  return key.required ? 'required' : 'optional';
}

async function tokenOf(principal: Principal | undefined, fixture: Fixture): Promise<string | undefined> {
  switch (principal) {
    case undefined:
      return undefined;
    case 'operator':
      return fixture.token ?? app.operatorToken();
    case 'member':
      return fixture.token ?? app.memberToken(fixture.member);
    case 'partner':
      return fixture.token ?? fixture.partner.token();
  }
}

async function send(
  operation: Operation,
  principal: Principal | undefined,
  fixture: Fixture,
  options: { key: boolean; body?: unknown },
): Promise<TestResponse> {
  const request = exampleRequest(operation, fixture, options.body);
  return app.request(operation.method.toUpperCase(), request.url, {
    token: await tokenOf(principal, fixture),
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(options.key ? { idempotencyKey: newKey('example') } : {}),
  });
}

async function fixtureOf(operation: Operation, principal: Principal | undefined): Promise<Fixture> {
  const own = (await FIXTURES[operation.id]?.(principal)) ?? {};
  return {
    member: own.member ?? world.member,
    partner: own.partner ?? world.partner,
    ids: { ...world.ids, ...own.ids },
    ...(own.token === undefined ? {} : { token: own.token }),
  };
}

const describeResponse = (operation: Operation, principal: string | undefined, response: TestResponse) =>
  `${operation.id} (${operation.method.toUpperCase()} ${operation.path}) as ${principal ?? 'anyone'}: ${response.status} ${(JSON.stringify(response.body) ?? '').slice(0, 300)}`;

describe("every operation's request example is a request Tessera carries out", () => {
  test('sent as documented, by each principal the operation accepts, it succeeds; a required Idempotency-Key is required, an optional one is not', async () => {
    for (const operation of operations()) {
      for (const principal of principalsOf(operation.operation)) {
        const fixture = await fixtureOf(operation, principal);
        const policy = exampleRequest(operation, fixture).keyPolicy;
        if (policy === 'required') {
          const withoutKey = await send(operation, principal, fixture, { key: false });
          expect(withoutKey.body?.code, describeResponse(operation, principal, withoutKey)).toBe(
            'idempotency_key_missing',
          );
        }
        const response = await send(operation, principal, fixture, { key: policy === 'required' });
        expect(response.status, describeResponse(operation, principal, response)).toBeLessThan(400);
      }
    }
  });

  test('a request body field accepts null exactly where the document says it may be null', async () => {
    for (const operation of operations()) {
      const bodySchema = resolve(operation.operation.requestBody?.content?.['application/json']?.schema);
      if (bodySchema === undefined) continue;
      const [principal] = principalsOf(operation.operation);
      for (const fieldPath of fieldPaths(bodySchema.example)) {
        const body = withNull(bodySchema.example, fieldPath);
        const response = await send(operation, principal, world, { key: true, body });
        const refused =
          response.body?.code === 'validation_failed' &&
          (response.body.errors ?? []).some((error: Schema) => error.path === `json.${fieldPath.join('.')}`);
        const what = `${operation.id} with ${fieldPath.join('.')}: null → ${describeResponse(operation, principal, response)}`;
        expect(refused, what).toBe(!admitsNull(bodySchema, fieldPath));
      }
    }
  });
});

/** The paths of every field of an example, nested objects included (array items aside). */
function fieldPaths(example: unknown, prefix: string[] = []): string[][] {
  if (example === null || typeof example !== 'object' || Array.isArray(example)) return [];
  return Object.entries(example).flatMap(([key, value]) => [
    [...prefix, key],
    ...fieldPaths(value, [...prefix, key]),
  ]);
}

function withNull(example: unknown, path: string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return null;
  const object = example as Record<string, unknown>;
  return { ...object, [head]: withNull(object[head], rest) };
}

/** Whether the document lets the field at `path` be null (through refs, unions and allOf). */
function admitsNull(schema: Schema | undefined, path: string[]): boolean {
  const resolved = resolve(schema);
  if (resolved === undefined) return false;
  const branches: Schema[] = [
    ...(resolved.anyOf ?? []),
    ...(resolved.oneOf ?? []),
    ...(resolved.allOf ?? []),
  ];
  const [head, ...rest] = path;
  if (head === undefined) {
    const types = [resolved.type].flat();
    return types.includes('null') || branches.some((branch) => admitsNull(branch, []));
  }
  return [resolved, ...branches].some((candidate) => {
    const property = resolve(candidate)?.properties?.[head];
    return property !== undefined && admitsNull(property, rest);
  });
}

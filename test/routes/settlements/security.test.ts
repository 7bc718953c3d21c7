import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { settlementSnapshot } from '../../settlement/support.js';
import { newKey } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import {
  expectProblem,
  PRINCIPALS,
  type PrincipalName,
  type SettledCoalition,
  settledCoalition,
  tokenFor,
} from './fixtures.js';

let app: TestApp;
let coalition: SettledCoalition;
beforeEach(async () => {
  app = await TestApp.create();
  coalition = await settledCoalition(app);
});
afterEach(async () => {
  await app.close();
});

interface RouteCase {
  name: string;
  method: string;
  path: (world: SettledCoalition) => string;
  body?: (world: SettledCoalition) => unknown;
  accepts: PrincipalName[];
  allowedStatus: number;
  write: boolean;
}

const ROUTES: RouteCase[] = [
  {
    name: 'POST /v1/settlements',
    method: 'POST',
    path: () => '/v1/settlements',
    body: () => ({}),
    accepts: ['operator token'],
    allowedStatus: 200,
    write: true,
  },
  {
    name: 'GET /v1/settlements',
    method: 'GET',
    path: () => '/v1/settlements',
    accepts: ['operator token', 'partner token'],
    allowedStatus: 200,
    write: false,
  },
  {
    name: 'GET /v1/settlements/{id}',
    method: 'GET',
    path: (world) => `/v1/settlements/${world.settlementId}`,
    accepts: ['operator token', 'partner token'],
    allowedStatus: 200,
    write: false,
  },
  {
    name: 'GET /v1/settlements/{id}.csv',
    method: 'GET',
    path: (world) => `/v1/settlements/${world.settlementId}.csv`,
    accepts: ['operator token', 'partner token'],
    allowedStatus: 200,
    write: false,
  },
  {
    name: 'GET /v1/settlements/{id}/lines',
    method: 'GET',
    path: (world) => `/v1/settlements/${world.settlementId}/lines`,
    accepts: ['operator token', 'partner token'],
    allowedStatus: 200,
    write: false,
  },
  {
    name: 'POST /v1/settlements/{id}/payments',
    method: 'POST',
    path: (world) => `/v1/settlements/${world.settlementId}/payments`,
    body: (world) => ({
      partnerId: world.hotel.partner.id,
      amount: { amount: '1.00', currency: 'USD' },
      reference: 'BANK-1',
    }),
    accepts: ['operator token'],
    allowedStatus: 201,
    write: true,
  },
  {
    name: 'POST /v1/settlements/{id}/acknowledge',
    method: 'POST',
    path: (world) => `/v1/settlements/${world.settlementId}/acknowledge`,
    accepts: ['partner token'],
    allowedStatus: 200,
    write: true,
  },
  {
    name: 'POST /v1/settlements/{id}/disputes',
    method: 'POST',
    path: (world) => `/v1/settlements/${world.settlementId}/disputes`,
    body: (world) => ({ transferIds: [world.hotelTransferId], reason: 'Again' }),
    accepts: ['partner token'],
    allowedStatus: 201,
    write: true,
  },
  {
    name: 'POST /v1/settlements/{id}/disputes/{disputeId}/resolution',
    method: 'POST',
    path: (world) => `/v1/settlements/${world.settlementId}/disputes/${world.disputeId}/resolution`,
    body: () => ({ decision: 'reject', reason: 'The folio stands' }),
    accepts: ['operator token'],
    allowedStatus: 200,
    write: true,
  },
  {
    name: 'GET /v1/network/summary',
    method: 'GET',
    path: () => '/v1/network/summary',
    accepts: ['operator token'],
    allowedStatus: 200,
    write: false,
  },
];

const MATRIX = ROUTES.flatMap((route) => PRINCIPALS.map((principal) => ({ route, principal })));

describe('security matrix of the settlement routes', () => {
  test.each(MATRIX.map(({ route, principal }) => [route.name, principal, route] as const))(
    '%s with %s',
    async (_name, principal, route) => {
      const before = await settlementSnapshot(app);
      const response = await app.request(route.method, route.path(coalition), {
        token: await tokenFor(app, principal, coalition.hotel),
        ...(route.body === undefined ? {} : { body: route.body(coalition) }),
        ...(route.write ? { idempotencyKey: newKey('matrix') } : {}),
      });
      if (route.accepts.includes(principal)) {
        expect(response.status, JSON.stringify(response.body)).toBe(route.allowedStatus);
        return;
      }
      expectProblem(response, 401, principal === 'no token' ? 'unauthorized' : 'invalid_token');
      if (route.write) expect(await settlementSnapshot(app)).toEqual(before);
    },
  );
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { lintOpenApiDocument } from '../../scripts/openapi-lint.js';
import { TestApp } from '../support/harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await TestApp.create();
});
afterAll(async () => {
  await app.close();
});

test('the served OpenAPI document passes the linter with no finding (rules: redocly.yaml)', async () => {
  const document = (await app.request('GET', '/openapi.json')).body;
  expect(await lintOpenApiDocument(document)).toEqual([]);
});

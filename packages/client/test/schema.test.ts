import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { expect, test } from 'vitest';
import {
  CLIENT_SCHEMA_FILE,
  GENERATE_COMMAND,
  renderClientSchema,
  servedOpenApiDocument,
} from '../../../scripts/client-schema.js';

test("the client's types match the API's OpenAPI document", async () => {
  const current = readFileSync(CLIENT_SCHEMA_FILE, 'utf8');
  const regenerated = await renderClientSchema(await servedOpenApiDocument());
  const file = relative(resolve(import.meta.dirname, '../../..'), CLIENT_SCHEMA_FILE);
  expect(
    current === regenerated,
    `${file} no longer matches the app's /openapi.json (a route changed): run \`${GENERATE_COMMAND}\` and commit the result`,
  ).toBe(true);
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { TestApp } from '../support/harness.js';

type Schema = Record<string, any>;

/** Every property a partner's developer reads in /docs: each needs a description, each leaf an example. */
function undocumentedFields(schema: Schema | undefined, path: string, found: string[]): void {
  if (!schema || typeof schema !== 'object' || schema.$ref) return;
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(schema[key]))
      schema[key].forEach((part: Schema, index: number) =>
        undocumentedFields(part, `${path}/${key}${index}`, found),
      );
  }
  if (schema.items) undocumentedFields(schema.items, `${path}[]`, found);
  if (typeof schema.additionalProperties === 'object')
    undocumentedFields(schema.additionalProperties, `${path}{}`, found);
  for (const [name, property] of Object.entries<Schema>(schema.properties ?? {})) {
    const described =
      property.description !== undefined ||
      property.$ref !== undefined ||
      (property.allOf ?? []).some((part: Schema) => part.description);
    if (!described) found.push(`${path}.${name}: no description`);
    const leaf =
      !property.$ref &&
      !property.properties &&
      !property.items &&
      !property.anyOf &&
      !property.oneOf &&
      !property.allOf &&
      property.type !== 'object';
    if (leaf && property.example === undefined && property.enum === undefined && property.const === undefined)
      found.push(`${path}.${name}: no example`);
    undocumentedFields(property, `${path}.${name}`, found);
  }
}

let app: TestApp;
let document: Schema;
beforeAll(async () => {
  app = await TestApp.create();
  document = (await app.request('GET', '/openapi.json')).body;
});
afterAll(async () => {
  await app.close();
});

describe('the OpenAPI document is a manual a partner can work from', () => {
  test('every field of every schema is described, and every leaf has an example', () => {
    const found: string[] = [];
    for (const [name, schema] of Object.entries<Schema>(document.components.schemas))
      undocumentedFields(schema, `#${name}`, found);
    for (const [path, operations] of Object.entries<Schema>(document.paths)) {
      for (const [method, operation] of Object.entries<Schema>(operations)) {
        for (const parameter of operation.parameters ?? []) {
          if (!parameter.description && !parameter.schema?.description)
            found.push(`${method} ${path} ?${parameter.name}: no description`);
        }
        undocumentedFields(
          operation.requestBody?.content?.['application/json']?.schema,
          `${method} ${path} body`,
          found,
        );
      }
    }
    expect(found).toEqual([]);
  });

  test('every operation declares who may call it, except the public ones', () => {
    const open = new Set(['/health', '/.well-known/jwks.json']);
    for (const [path, operations] of Object.entries<Schema>(document.paths)) {
      for (const [method, operation] of Object.entries<Schema>(operations)) {
        if (open.has(path)) expect(operation.security, `${method} ${path}`).toBeUndefined();
        else expect(operation.security?.length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });

  test('error responses are problem documents whose descriptions name only real codes', () => {
    for (const [path, operations] of Object.entries<Schema>(document.paths)) {
      for (const [method, operation] of Object.entries<Schema>(operations)) {
        for (const [status, response] of Object.entries<Schema>(operation.responses)) {
          if (Number(status) < 400) continue;
          expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual([
            'application/problem+json',
          ]);
          const codes = [...String(response.description).matchAll(/`([a-z_]+)`/g)].map((match) => match[1]);
          expect(codes.length, `${method} ${path} ${status}`).toBeGreaterThan(0);
          for (const code of codes) expect(ERROR_CODES).toContain(code);
        }
      }
    }
  });
});

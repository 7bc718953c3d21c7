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

/** Every operation of the document, with its method and path. */
function operationsOf(document: Schema): { method: string; path: string; operation: Schema }[] {
  return Object.entries<Schema>(document.paths).flatMap(([path, operations]) =>
    Object.entries<Schema>(operations).map(([method, operation]) => ({ method, path, operation })),
  );
}

const AUDIENCES: Record<string, string> = {
  partnerToken: 'Partner',
  memberToken: 'Member',
  operatorToken: 'Operator',
};

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
    // Signing in needs no token: the claim code, refresh token or passkey is the credential.
    const open = new Set([
      '/health',
      '/.well-known/jwks.json',
      '/v1/claims',
      '/v1/sessions/refresh',
      '/v1/sessions/passkey/challenges',
      '/v1/sessions/passkey',
      '/v1/staff/invitations/challenges',
      '/v1/staff/invitations/acceptance',
      '/v1/staff/sessions/passkey/challenges',
      '/v1/staff/sessions/passkey',
      '/v1/staff/sessions/refresh',
    ]);
    for (const [path, operations] of Object.entries<Schema>(document.paths)) {
      for (const [method, operation] of Object.entries<Schema>(operations)) {
        if (open.has(path)) expect(operation.security, `${method} ${path}`).toEqual([]);
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

describe("the OpenAPI document is a client generator's input", () => {
  test('every operation has an operationId: unique, camelCase, a verb first (docs/decisions.md, "OpenAPI")', () => {
    const ids = operationsOf(document).map(({ method, path, operation }) => {
      const id = operation.operationId;
      expect(id, `${method} ${path}`).toMatch(/^[a-z]+(?:[A-Z][a-z0-9]*)+$/);
      // Reads are get (one thing) or list (a collection, or a download of one); writes say what they do.
      if (method === 'get') expect(id, `${method} ${path}`).toMatch(/^(get|list|export)[A-Z]/);
      else expect(id, `${method} ${path}`).not.toMatch(/^(get|list|export)[A-Z]/);
      return id;
    });
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  test('tags name the audience: each operation carries a tag per principal it accepts, Public when none', () => {
    const declared = new Set(document.tags.map((tag: Schema) => tag.name));
    for (const { method, path, operation } of operationsOf(document)) {
      for (const tag of operation.tags) expect(declared, `${method} ${path}`).toContain(tag);
      const audiences = [...new Set(operation.tags.map((tag: string) => tag.split(':')[0]))].sort();
      const principals = (operation.security as Schema[]).flatMap((requirement) =>
        Object.keys(requirement).map((scheme) => AUDIENCES[scheme]),
      );
      expect(audiences, `${method} ${path}`).toEqual(
        principals.length === 0 ? ['Public'] : principals.sort(),
      );
    }
  });

  test('every request body has an example of a whole request (sent by openapi-examples.test.ts)', () => {
    for (const { method, path, operation } of operationsOf(document)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (schema === undefined) continue;
      const resolved = schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()] : schema;
      expect(resolved.example, `${method} ${path}`).toBeDefined();
    }
  });

  test('the version is the package version', async () => {
    const { version } = (await import('../../package.json')).default;
    expect(document.info.version).toBe(version);
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as zodToOpenApi from '@asteasolutions/zod-to-openapi';
import { expect, test } from 'vitest';
import * as z from 'zod';
import * as aliased from '../../src/worker/zod-to-openapi.js';

/**
 * The Worker bundle takes `@asteasolutions/zod-to-openapi` from src/worker/zod-to-openapi.ts (the
 * `[alias]` of wrangler.toml): the registry `@hono/zod-openapi` keeps its routes in, and
 * `.openapi()`, without the document generators, since the Worker serves the document Node made.
 */
test('it exports every name @hono/zod-openapi imports from the package', () => {
  const entry = createRequire(import.meta.url).resolve('@hono/zod-openapi');
  const source = readFileSync(join(entry, '..', 'index.mjs'), 'utf8');
  const imported = /import \{([^}]+)\} from "@asteasolutions\/zod-to-openapi"/.exec(source)?.[1];
  expect(imported).toBeDefined();
  const names = (imported ?? '').split(',').map((name) => name.trim());
  expect(names).toContain('OpenAPIRegistry');
  for (const name of names) expect(Object.keys(aliased), name).toContain(name);
});

test('its registry records what the package records, in the same order', () => {
  const route = { method: 'get', path: '/things', responses: {} };
  const webhook = { method: 'post', path: '/hooks', responses: {} };
  const component = { type: 'http', scheme: 'bearer' };
  const record = (registry: aliased.OpenAPIRegistry | zodToOpenApi.OpenAPIRegistry) => {
    registry.registerPath(route as never);
    const reference = registry.registerComponent('securitySchemes', 'token', component as never);
    registry.registerWebhook(webhook as never);
    return { definitions: registry.definitions, reference };
  };
  const parent = new aliased.OpenAPIRegistry();
  parent.registerPath(route);
  const child = new aliased.OpenAPIRegistry([parent]);
  const packageParent = new zodToOpenApi.OpenAPIRegistry();
  packageParent.registerPath(route as never);
  const packageChild = new zodToOpenApi.OpenAPIRegistry([packageParent]);
  expect(record(child)).toEqual(record(packageChild));
});

test('a schema it registers validates exactly as the schema it was given', () => {
  const schema = z.object({ points: z.number().int().positive(), note: z.string().max(3).optional() });
  const registered = new aliased.OpenAPIRegistry().register('Thing', schema);
  expect(registered).not.toBe(schema);
  for (const input of [{ points: 3 }, { points: -1 }, { points: 2, note: 'long' }, 'x', null])
    expect(registered.safeParse(input)).toEqual(schema.safeParse(input));
});

test('.openapi() is an enumerable method of ZodType.prototype, which zod copies onto each schema, answering a copy', () => {
  const prototype: { openapi?: (this: z.ZodType) => z.ZodType } = {};
  aliased.extendZodWithOpenApi({ ZodType: { prototype } });
  expect(Object.keys(prototype)).toEqual(['openapi']);
  const schema = z.string().min(2);
  const copy = prototype.openapi?.call(schema);
  expect(copy).not.toBe(schema);
  for (const input of ['ab', 'a', 3]) expect(copy?.safeParse(input)).toEqual(schema.safeParse(input));
});

test('a document generator cannot be made on Workers, and says why', () => {
  expect(() => new aliased.OpenApiGeneratorV31()).toThrow(/served from the static assets/);
  expect(() => new aliased.OpenApiGeneratorV3()).toThrow(/served from the static assets/);
  expect(aliased.getOpenApiMetadata(z.string())).toEqual({});
});

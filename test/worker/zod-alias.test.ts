import { expect, test } from 'vitest';
import * as zod from 'zod';
import * as aliased from '../../src/worker/zod.js';

/**
 * The Worker bundle takes `zod` from src/worker/zod.ts (the `[alias]` of wrangler.toml): zod less
 * its `locales` and `core` namespaces, which hold the translations of its messages, and less the
 * converters Tessera never runs on Workers (JSON Schema both ways, and zod's schema compiler, which
 * needs `eval` that Workers forbid). Everything else must be exactly zod's.
 */
test("the Worker's zod exports exactly what zod exports, but its translations and converters", () => {
  const left = [
    'core',
    'locales',
    'fromJSONSchema',
    'toJSONSchema',
    'compile',
    'ZodCompileAsyncError',
    'ZodCompileUnsupportedError',
  ];
  expect(Object.keys(aliased).sort()).toEqual(
    Object.keys(zod)
      .filter((name) => !left.includes(name))
      .sort(),
  );
  expect(Object.keys(aliased.z).sort()).toEqual(
    Object.keys(zod.z)
      .filter((name) => !left.includes(name))
      .sort(),
  );
  for (const name of Object.keys(aliased.z))
    expect(aliased.z[name as keyof typeof aliased.z], name).toBe(zod.z[name as keyof typeof zod.z]);
});

test("the Worker's zod still answers in English", () => {
  const result = aliased.z.string().safeParse(1);
  expect(result.success ? '' : result.error.issues[0]?.message).toBe(
    'Invalid input: expected string, received number',
  );
});

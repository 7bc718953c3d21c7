import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEEP_ONLY_DIRECTORIES, isDeepOnly, LONG_VARIANT_DIRECTORIES, testFiles } from './support/suites.js';

/**
 * The split between `npm test` and `npm run test:deep` (test/support/suites.ts): what starts
 * workerd or a browser is deep, whichever file it is in, and CI runs both commands.
 */
const ROOT = resolve(import.meta.dirname, '..');

/** Where a heavy runtime starts: the modules that launch it, and the packages they drive. */
const HEAVY_MODULES = ['test/support/chromium.ts', 'test/worker/support.ts', 'test/worker/wrangler.ts'];
const HEAVY_PACKAGES = ['playwright-core', 'wrangler'];

/** What `file` imports: other files of the repository (relative to it) and package names. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(
    (match) => match[1] ?? '',
  );
  const files = specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))))
    .filter((path) => existsSync(join(ROOT, path)));
  return { files, packages: specifiers.filter((specifier) => !specifier.startsWith('.')) };
}

/** The heavy modules and packages `file` reaches through its imports, directly or not. */
function heavyReach(file: string): string[] {
  const seen = new Set<string>();
  const reached = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (HEAVY_MODULES.includes(path)) reached.add(path);
    const { files, packages } = importsOf(path);
    for (const name of packages) if (HEAVY_PACKAGES.includes(name)) reached.add(name);
    for (const next of files) if (!next.startsWith('src/')) visit(next);
  };
  visit(file);
  return [...reached].sort();
}

describe('which suites npm test runs', () => {
  const files = testFiles(ROOT);

  test('a file that starts workerd or Chromium is deep (in a deep folder, or tagged)', () => {
    const heavyInDefault = files
      .filter((file) => !isDeepOnly(ROOT, file))
      .map((file) => ({ file, reaches: heavyReach(file) }))
      .filter(({ reaches }) => reaches.length > 0);
    expect(heavyInDefault).toEqual([]);
  });

  test('the check sees what it looks for: the deep suites reach what makes them heavy', () => {
    const deep = files.filter((file) => isDeepOnly(ROOT, file));
    expect(deep.some((file) => heavyReach(file).includes('test/worker/support.ts'))).toBe(true);
    expect(deep.some((file) => heavyReach(file).includes('test/support/chromium.ts'))).toBe(true);
    expect(heavyReach('test/suites.test.ts')).toEqual([]);
  });

  test('every folder the split names holds tests, and this file is not deep', () => {
    for (const directory of [...DEEP_ONLY_DIRECTORIES, ...LONG_VARIANT_DIRECTORIES])
      expect(files.filter((file) => file.startsWith(`${directory}/`)).length).toBeGreaterThan(0);
    expect(isDeepOnly(ROOT, 'test/suites.test.ts')).toBe(false);
  });

  test('npm test runs the default project, test:deep the deep one, and CI and the README run both', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.test).toBe('vitest run --project default');
    expect(scripts['test:deep']).toBe('vitest run --project deep');
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm run test:deep$/m);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/^npm test\b/m);
    expect(readme).toMatch(/^npm run test:deep\b/m);
  });
});

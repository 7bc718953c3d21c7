import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Which test files `npm test` runs and which `npm run test:deep` runs (docs/decisions.md, "Two
 * test commands", gives the rule for a new file). A file is deep only, out of `npm test`, when it
 * lives in one of these folders, whose every suite starts workerd on a local D1 (`test/worker`) or
 * drives a browser app in Chromium (`test/ui`)…
 */
export const DEEP_ONLY_DIRECTORIES = ['test/worker', 'test/ui'] as const;

/**
 * …or when it carries Vitest's file tag `// @module-tag deep` (a headless Chromium, a server process
 * killed mid-write, a sweep of thousands of requests), which Vitest also puts on each of its tests.
 */
export const DEEP_TAG = 'deep';

/**
 * Folders whose suites read `TESSERA_DEEP`: `npm test` runs their short variants, and
 * `npm run test:deep` runs every file in them again with the long ones.
 */
export const LONG_VARIANT_DIRECTORIES = ['test/reliability'] as const;

/** Where test files live: `npm test` and `npm run test:deep` together run every one of them. */
export const TEST_FILE_PATTERNS = ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'] as const;

const TAGGED_DEEP = new RegExp(`(//|\\*)\\s*@module-tag\\s+${DEEP_TAG}\\b`);

const under = (directories: readonly string[], file: string) =>
  directories.some((directory) => file.startsWith(`${directory}/`));

/** Every test file of the tree, relative to `root`, `/`-separated. */
export function testFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts')) found.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(join(root, 'test'));
  for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    const folder = join(root, 'packages', entry.name, 'test');
    if (entry.isDirectory() && readdirSync(join(root, 'packages', entry.name)).includes('test')) walk(folder);
  }
  return found.sort();
}

/** True when `file` (relative to `root`) runs under `npm run test:deep` only, not under `npm test`. */
export function isDeepOnly(root: string, file: string): boolean {
  return under(DEEP_ONLY_DIRECTORIES, file) || TAGGED_DEEP.test(readFileSync(join(root, file), 'utf8'));
}

/** The files `npm test` leaves out, as patterns for Vitest's `exclude`. */
export function deepOnlyPatterns(root: string): string[] {
  const tagged = testFiles(root).filter(
    (file) => !under(DEEP_ONLY_DIRECTORIES, file) && isDeepOnly(root, file),
  );
  return [...DEEP_ONLY_DIRECTORIES.map((directory) => `${directory}/**/*.test.ts`), ...tagged];
}

/** The files `npm run test:deep` runs, as patterns for Vitest's `include`. */
export function deepPatterns(root: string): string[] {
  return [
    ...deepOnlyPatterns(root),
    ...LONG_VARIANT_DIRECTORIES.map((directory) => `${directory}/**/*.test.ts`),
  ];
}

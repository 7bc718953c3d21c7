import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { DEEP_TAG, deepOnlyPatterns, deepPatterns, TEST_FILE_PATTERNS } from './test/support/suites.js';

/**
 * Two projects (test/support/suites.ts decides which file is in which): `default` is `npm test`,
 * the suites a developer runs on every change, with the short variants of `test/reliability`;
 * `deep` is `npm run test:deep`, the heavy suites (workerd, Chromium, processes killed mid-write,
 * sweeps); `npm run test:long` runs them, and `test/reliability` again, with their long variants.
 * `.ci/run` runs `npm test` and `npm run test:deep`. A file
 * named on the command line runs in each project that holds it (`--project` picks one).
 */
export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/slowest-files-reporter.ts'],
    tags: [{ name: DEEP_TAG, description: 'Runs under npm run test:deep, not npm test.' }],
    // A bound exists only to end a hung test with its output; on a loaded machine the work itself
    // may take many times what it takes on a quiet one, and that must not fail a test.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Vitest takes all cores but one, so a single worker on 2 cores; the suites wait on writer
    // threads and child processes as much as they compute, so two keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          // One module graph per worker instead of one per file: importing the app took as long as
          // many files' tests. Each file still builds its own app, database and clock; a test that
          // changes a global (a spy, fake timers) restores it, as every one does.
          isolate: false,
          include: [...TEST_FILE_PATTERNS],
          exclude: [...configDefaults.exclude, ...deepOnlyPatterns(import.meta.dirname)],
        },
      },
      {
        extends: true,
        // The heavy suites at the lengths CI can afford; with TESSERA_DEEP=1 (`npm run test:long`)
        // they run their long variants, and `test/reliability` runs again with its long variants.
        test: {
          name: 'deep',
          include: process.env.TESSERA_DEEP
            ? deepPatterns(import.meta.dirname)
            : deepOnlyPatterns(import.meta.dirname),
        },
      },
    ],
  },
});

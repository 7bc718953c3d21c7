import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildTemplateDatabase } from './template-database.js';

/**
 * Builds what the suites use, once, before any of them: the docs site that the app serves under
 * /docs; the compiled CLI, so that concurrent cases do not each compile it (each would, correctly
 * but slowly: scripts/cli.mjs rebuilds a stale bundle); and a migrated template database that each
 * test's fresh database is copied from (`test/support/template-database.ts`).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = resolve(import.meta.dirname, '../..');
  for (const script of ['scripts/build-docs-site.mjs', 'scripts/build-cli.mjs'])
    execFileSync(process.execPath, [join(root, script)], { cwd: root, stdio: 'inherit' });
  const template = await buildTemplateDatabase();
  project.provide('templateDatabasePath', template.path);
  return template.remove;
}

import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * Builds what the suites use from dist/ once, before any of them: the docs site that the app
 * serves under /docs, and the compiled CLI, so that concurrent cases do not each compile it
 * (each would, correctly but slowly: scripts/cli.mjs rebuilds a stale bundle).
 */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '../..');
  for (const script of ['scripts/build-docs-site.mjs', 'scripts/build-cli.mjs'])
    execFileSync(process.execPath, [join(root, script)], { cwd: root, stdio: 'inherit' });
}

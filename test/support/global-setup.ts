import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * Compiles the CLI once before the suites that spawn it, so that concurrent cases do not each
 * compile it (each would, correctly but slowly: scripts/cli.mjs rebuilds a stale bundle).
 */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'inherit' });
}

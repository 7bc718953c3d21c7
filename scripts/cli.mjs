/**
 * Runs the Tessera CLI from its compiled bundle, compiling it first when it is missing or older
 * than a source file. Why a bundle rather than tsx: docs/decisions.md, "A CLI that answers at once".
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI_BUNDLE = join(ROOT, 'dist/cli/cli.js');

function modifiedMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

/** The newest change to anything the bundle is made from: the sources, the lock file, the build. */
function newestSourceMs() {
  let newest = Math.max(
    modifiedMs(join(ROOT, 'package-lock.json')),
    modifiedMs(join(ROOT, 'scripts/build-cli.mjs')),
  );
  for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    // parentPath is Node 20.12's name for what Node 20.3 calls path.
    const folder = entry.parentPath ?? entry.path;
    if (entry.isFile()) newest = Math.max(newest, modifiedMs(join(folder, entry.name)));
  }
  return newest;
}

if (modifiedMs(CLI_BUNDLE) < newestSourceMs()) await (await import('./build-cli.mjs')).buildCli();
await import(pathToFileURL(CLI_BUNDLE).href);

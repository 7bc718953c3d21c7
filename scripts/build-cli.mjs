/**
 * Compiles the CLI (src/cli.ts and what it imports) into one ES module, dist/cli/cli.js, with
 * esbuild. Only the native libSQL binding stays outside. Each command imports its own code when
 * it runs, so `token operator` does not evaluate the settlement or the expiry sweep.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Two folders below the root, like src/db/libsql.ts, whose migrations folder is '../../drizzle'
// from its own file: bundled, that file's import.meta.url is the bundle's.
export const CLI_BUNDLE = join(ROOT, 'dist/cli/cli.js');

export async function buildCli() {
  const { build } = await import('esbuild');
  mkdirSync(dirname(CLI_BUNDLE), { recursive: true });
  // Written aside and renamed into place, so that a CLI starting meanwhile never reads half a file.
  const partial = `${CLI_BUNDLE}.${process.pid}.partial`;
  try {
    await build({
      entryPoints: [join(ROOT, 'src/cli.ts')],
      outfile: partial,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['libsql'],
      // Bundled CommonJS dependencies call require(); an ES module has none of its own.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      legalComments: 'none',
      logLevel: 'warning',
    });
    renameSync(partial, CLI_BUNDLE);
  } finally {
    rmSync(partial, { force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BundleFigures {
  readonly files: { name: string; bytes: number; gzipBytes: number }[];
  /** The JavaScript Cloudflare would run (source maps excluded), gzip -9. */
  readonly gzipBytes: number;
  readonly bytes: number;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) => resolveRun({ code: code ?? 1, output }));
  });
}

/**
 * Bundles the Worker as `wrangler deploy --dry-run` does (nothing is uploaded, no account is
 * needed) and measures what Cloudflare would run, gzip level 9.
 */
export async function measureWorkerBundle(): Promise<BundleFigures | { error: string }> {
  const outdir = mkdtempSync(join(tmpdir(), 'tessera-bundle-'));
  try {
    const env = {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_API_TOKEN: '',
      CLOUDFLARE_ACCOUNT_ID: '',
    };
    const { code, output } = await run(
      join(ROOT, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', outdir],
      env,
    );
    if (code !== 0) return { error: `wrangler deploy --dry-run exited ${code}: ${output.slice(-600)}` };
    const files = readdirSync(outdir, { recursive: true })
      .map(String)
      .filter((name) => /\.(m?js|wasm)$/.test(name) && statSync(join(outdir, name)).isFile())
      .map((name) => {
        const content = readFileSync(join(outdir, name));
        return { name, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
      });
    return {
      files,
      bytes: files.reduce((total, file) => total + file.bytes, 0),
      gzipBytes: files.reduce((total, file) => total + file.gzipBytes, 0),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

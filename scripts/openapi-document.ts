/**
 * The OpenAPI document the app serves on Node, from an app on a fresh, throwaway database. The typed
 * client and the OpenAPI lint read it; run as a script (`tsx scripts/openapi-document.ts <file>`,
 * as scripts/build-worker.mjs does) it writes it to a file, byte for byte as Node answers
 * `GET /openapi.json`, for the Worker to serve from its static assets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildNodeDependencies } from '../src/node-dependencies.js';

/** The body of Node's `GET /openapi.json`, as it was sent. */
export async function servedOpenApiText(): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'tessera-openapi-'));
  try {
    const loaded = loadConfig({ DATABASE_URL: `file:${join(directory, 'tessera.db')}` });
    if (!loaded.ok) throw new Error(loaded.error);
    const deps = await buildNodeDependencies(loaded.config);
    try {
      const response = await createApp(deps).request('/openapi.json');
      if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
      return await response.text();
    } finally {
      deps.client.close();
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The OpenAPI document the app serves. */
export async function servedOpenApiDocument(): Promise<Record<string, unknown>> {
  return JSON.parse(await servedOpenApiText()) as Record<string, unknown>;
}

const [, script, file] = process.argv;
if (script !== undefined && fileURLToPath(import.meta.url) === script) {
  if (file === undefined) throw new Error('Usage: tsx scripts/openapi-document.ts <file to write>');
  writeFileSync(file, await servedOpenApiText());
}

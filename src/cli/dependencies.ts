import type { Config } from '../config.js';
import { buildNodeDependencies, type NodeDependencies } from '../node-dependencies.js';

/** Runs `use` on a fully wired Node database (migrated, network key loaded), then closes it. */
export async function withDependencies<T>(
  config: Config,
  use: (deps: NodeDependencies) => Promise<T>,
): Promise<T> {
  const deps = await buildNodeDependencies(config);
  try {
    return await use(deps);
  } finally {
    deps.client.close();
  }
}

/** A database URL as it may be printed: without the credentials some URLs carry. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

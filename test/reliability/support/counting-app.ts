import type { Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { createApp } from '../../../src/app.js';
import type { Database } from '../../../src/db/database.js';
import * as schema from '../../../src/db/schema/index.js';
import type { TestApp } from '../../support/harness.js';

export interface CountingApp {
  readonly app: ReturnType<typeof createApp>;
  /** Statements sent to the database since the last reset: each execute, and each statement of a batch. */
  readonly counts: { statements: number; batches: number };
}

/**
 * A second app instance on the TestApp's own connection whose database calls are counted, to
 * prove how much work a request costs (e.g. exactly one lookup for an unknown kid).
 */
export function countingApp(testApp: TestApp): CountingApp {
  const counts = { statements: 0, batches: 0 };
  const client = testApp.deps.client;
  const counted = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return (...args: Parameters<Client['execute']>) => {
          counts.statements += 1;
          return target.execute(...args);
        };
      }
      if (property === 'batch') {
        return (...args: Parameters<Client['batch']>) => {
          counts.batches += 1;
          counts.statements += args[0].length;
          return target.batch(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const db: Database = drizzle({ client: counted, schema });
  return { app: createApp({ ...testApp.deps, db }), counts };
}

import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from '../db/schema/index.js';
import type { OpenRemoteDatabase } from './dependencies.js';

/** A remote libSQL database (Turso, sqld) over HTTP or WebSockets, for the libSQL build of the Worker. */
export const openLibsqlDatabase: OpenRemoteDatabase = (url, authToken) => {
  try {
    const client = createClient({ url, ...(authToken ? { authToken } : {}) });
    return drizzle(client, { schema });
  } catch {
    // The client's own message quotes the URL, which may carry credentials: it is not repeated.
    return 'LIBSQL_URL is not a URL the web libSQL client accepts (libsql:, https:, wss:)';
  }
};

import { openLibsqlDatabase } from './worker/libsql.js';
import { createWorker } from './worker.js';

/**
 * The libSQL build of the Worker (`wrangler deploy --env libsql`): the same app as src/worker.ts,
 * with a client for a remote libSQL database (Turso, sqld) at LIBSQL_URL when no D1 is bound.
 */
export default createWorker(openLibsqlDatabase);

import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { type BackgroundJobs, startBackgroundJobs } from './node-background.js';
import { buildNodeDependencies } from './node-dependencies.js';
import { nodeWebhookTransport } from './node-webhook-transport.js';

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  console.error(loaded.error);
  process.exit(1);
}
const { config } = loaded;

try {
  const deps = await buildNodeDependencies(config);
  // Started once the server listens; a server that cannot listen starts no background work.
  let background: BackgroundJobs | undefined;
  const app = createApp({ ...deps, webhooksDue: () => background?.webhooksDue() });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    background = startBackgroundJobs(deps, nodeWebhookTransport(config.webhooks));
    console.log(`Tessera listening on http://${info.address}:${info.port} (database ${config.databaseUrl})`);
  });
  server.once('error', (error: NodeJS.ErrnoException) => {
    console.error(`Tessera could not start: ${listenFailure(error)}`);
    void deps.close().finally(() => process.exit(1));
  });
  const shutdown = () => {
    // Requests in flight finish (their writes commit), deliveries under way finish (or run out their
    // claim; none is lost either way), then the writer thread closes the database.
    server.close(() => {
      void (background?.stop() ?? Promise.resolve()).then(() => deps.close()).finally(() => process.exit(0));
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  console.error(`Tessera could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function listenFailure(error: NodeJS.ErrnoException): string {
  const where = `${config.host}:${config.port}`;
  if (error.code === 'EADDRINUSE')
    return `${where} is already in use (another Tessera?); stop it, or set PORT to another port`;
  if (error.code === 'EACCES') return `not allowed to listen on ${where}; set PORT to a port above 1023`;
  if (error.code === 'EADDRNOTAVAIL') return `${config.host} is not an address of this machine; check HOST`;
  return `cannot listen on ${where}: ${error.message}`;
}

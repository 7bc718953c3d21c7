import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { buildNodeDependencies } from './node-dependencies.js';

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  console.error(loaded.error);
  process.exit(1);
}
const { config } = loaded;

try {
  const deps = await buildNodeDependencies(config);
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    console.log(`Tessera listening on http://${info.address}:${info.port} (database ${config.databaseUrl})`);
  });
  const shutdown = () => {
    server.close(() => {
      deps.client.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  console.error(`Tessera could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

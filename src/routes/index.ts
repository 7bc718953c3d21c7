import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { partnersRouter } from './partners/index.js';
import { publicRouter } from './public/index.js';

/** Every resource's router, mounted on the app. */
export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.route('/', publicRouter);
  app.route('/', partnersRouter);
}

import { createRouter } from '../../http/router.js';
import * as summary from './summary.js';
import * as webhooks from './webhooks.js';

export const networkRouter = createRouter()
  .openapi(summary.route, summary.handler)
  .openapi(webhooks.route, webhooks.handler);

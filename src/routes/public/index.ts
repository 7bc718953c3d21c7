import { createRouter } from '../../http/router.js';
import * as health from './health.js';
import * as jwks from './jwks.js';

export const publicRouter = createRouter()
  .openapi(health.route, health.handler)
  .openapi(jwks.route, jwks.handler);

import { createRouter } from '../../http/router.js';
import * as end from './end.js';
import * as refresh from './refresh.js';

export const sessionsRouter = createRouter()
  .openapi(refresh.route, refresh.handler)
  .openapi(end.route, end.handler);

import { createRouter } from '../../http/router.js';
import * as activity from './activity.js';
import * as get from './get.js';

export const meRouter = createRouter()
  .openapi(get.route, get.handler)
  .openapi(activity.route, activity.handler);

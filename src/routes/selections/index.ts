import { createRouter } from '../../http/router.js';
import * as close from './close.js';
import * as get from './get.js';
import * as list from './list.js';
import * as open from './open.js';

export const selectionsRouter = createRouter()
  .openapi(open.route, open.handler)
  .openapi(list.route, list.handler)
  .openapi(get.route, get.handler)
  .openapi(close.route, close.handler);

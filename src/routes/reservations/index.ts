import { createRouter } from '../../http/router.js';
import * as cancel from './cancel.js';
import * as create from './create.js';
import * as fulfil from './fulfil.js';
import * as list from './list.js';

export const reservationsRouter = createRouter()
  .openapi(create.route, create.handler)
  .openapi(list.route, list.handler)
  .openapi(fulfil.route, fulfil.handler)
  .openapi(cancel.route, cancel.handler);

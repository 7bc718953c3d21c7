import { createRouter } from '../../http/router.js';
import * as create from './create.js';
import * as get from './get.js';
import * as list from './list.js';
import * as review from './review.js';
import * as update from './update.js';

export const catalogueRouter = createRouter()
  .openapi(create.route, create.handler)
  .openapi(list.route, list.handler)
  .openapi(get.route, get.handler)
  .openapi(update.route, update.handler)
  .openapi(review.route, review.handler);

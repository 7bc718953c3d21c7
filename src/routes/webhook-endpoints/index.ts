import { createRouter } from '../../http/router.js';
import * as attempts from './attempts.js';
import * as create from './create.js';
import * as deleteEndpoint from './delete.js';
import * as get from './get.js';
import * as list from './list.js';
import * as redeliver from './redeliver.js';
import * as rotateSecret from './rotate-secret.js';
import * as update from './update.js';

export const webhookEndpointsRouter = createRouter()
  .openapi(create.route, create.handler)
  .openapi(list.route, list.handler)
  .openapi(get.route, get.handler)
  .openapi(update.route, update.handler)
  .openapi(deleteEndpoint.route, deleteEndpoint.handler)
  .openapi(rotateSecret.route, rotateSecret.handler)
  .openapi(redeliver.route, redeliver.handler)
  .openapi(attempts.route, attempts.handler);

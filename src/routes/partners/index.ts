import { createRouter } from '../../http/router.js';
import * as cardHolder from './card-holder.js';
import * as create from './create.js';
import * as get from './get.js';
import * as list from './list.js';
import * as listKeys from './list-keys.js';
import * as registerKey from './register-key.js';
import * as removeKey from './remove-key.js';
import * as update from './update.js';

export const partnersRouter = createRouter()
  .openapi(create.route, create.handler)
  .openapi(list.route, list.handler)
  .openapi(get.route, get.handler)
  .openapi(update.route, update.handler)
  .openapi(listKeys.route, listKeys.handler)
  .openapi(registerKey.route, registerKey.handler)
  .openapi(removeKey.route, removeKey.handler)
  .openapi(cardHolder.route, cardHolder.handler);

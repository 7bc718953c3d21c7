import { createRouter } from '../../http/router.js';
import * as capture from './capture.js';
import * as exportCsv from './export.js';
import * as get from './get.js';
import * as list from './list.js';
import * as reverse from './reverse.js';
import * as voidHold from './void.js';

export const transactionsRouter = createRouter()
  .openapi(list.route, list.handler)
  .openapi(exportCsv.route, exportCsv.handler)
  .openapi(get.route, get.handler)
  .openapi(capture.route, capture.handler)
  .openapi(voidHold.route, voidHold.handler)
  .openapi(reverse.route, reverse.handler);

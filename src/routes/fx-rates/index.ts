import { createRouter } from '../../http/router.js';
import * as get from './get.js';
import * as history from './history.js';
import * as latest from './latest.js';
import * as publish from './publish.js';

// `history` is registered before `{snapshotId}` so that `/v1/fx-rates/history` is never read as an id.
export const fxRatesRouter = createRouter()
  .openapi(publish.route, publish.handler)
  .openapi(latest.route, latest.handler)
  .openapi(history.route, history.handler)
  .openapi(get.route, get.handler);

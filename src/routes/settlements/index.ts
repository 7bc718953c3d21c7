import { createRouter } from '../../http/router.js';
import * as acknowledge from './acknowledge.js';
import * as close from './close.js';
import * as csv from './csv.js';
import * as dispute from './dispute.js';
import * as get from './get.js';
import * as lines from './lines.js';
import * as list from './list.js';
import * as payments from './payments.js';
import * as resolve from './resolve.js';

// The CSV route comes first: the JSON route's `{settlementId}` would otherwise match `stl_….csv`.
export const settlementsRouter = createRouter()
  .openapi(csv.routedAt, csv.handler)
  .openapi(close.route, close.handler)
  .openapi(list.route, list.handler)
  .openapi(get.route, get.handler)
  .openapi(lines.route, lines.handler)
  .openapi(payments.route, payments.handler)
  .openapi(acknowledge.route, acknowledge.handler)
  .openapi(dispute.route, dispute.handler)
  .openapi(resolve.route, resolve.handler);

settlementsRouter.openAPIRegistry.registerPath(csv.route);

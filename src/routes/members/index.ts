import { createRouter } from '../../http/router.js';
import * as balance from './balance.js';
import * as credit from './credit.js';
import * as enrol from './enrol.js';

export const membersRouter = createRouter()
  .openapi(enrol.route, enrol.handler)
  .openapi(balance.route, balance.handler)
  .openapi(credit.route, credit.handler);

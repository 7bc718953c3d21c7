import { createRouter } from '../../http/router.js';
import * as balance from './balance.js';
import * as code from './code.js';
import * as liability from './liability.js';
import * as mine from './mine.js';
import * as refund from './refund.js';
import * as spend from './spend.js';

export const giftCardsRouter = createRouter()
  .openapi(balance.route, balance.handler)
  .openapi(spend.route, spend.handler)
  .openapi(refund.route, refund.handler)
  .openapi(liability.route, liability.handler)
  .openapi(mine.route, mine.handler)
  .openapi(code.route, code.handler);

import { createRouter } from '../../http/router.js';
import * as activity from './activity.js';
import * as balance from './balance.js';
import * as challenge from './challenge.js';
import * as claimCode from './claim-code.js';
import * as consent from './consent.js';
import * as credit from './credit.js';
import * as enrol from './enrol.js';
import * as get from './get.js';
import * as link from './link.js';
import * as lookup from './lookup.js';
import * as status from './status.js';
import * as tier from './tier.js';

export const membersRouter = createRouter()
  .openapi(enrol.route, enrol.handler)
  .openapi(lookup.route, lookup.handler)
  .openapi(get.route, get.handler)
  .openapi(balance.route, balance.handler)
  .openapi(activity.route, activity.handler)
  .openapi(credit.route, credit.handler)
  .openapi(claimCode.route, claimCode.handler)
  .openapi(link.route, link.handler)
  .openapi(consent.route, consent.handler)
  .openapi(tier.route, tier.handler)
  .openapi(status.route, status.handler)
  .openapi(challenge.route, challenge.handler);

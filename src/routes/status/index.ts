import { createRouter } from '../../http/router.js';
import * as gratitude from './gratitude.js';
import * as membersPerTier from './members-per-tier.js';
import * as publishTiers from './publish-tiers.js';
import * as tiers from './tiers.js';

export const statusRouter = createRouter()
  .openapi(publishTiers.route, publishTiers.handler)
  .openapi(tiers.route, tiers.handler)
  .openapi(membersPerTier.route, membersPerTier.handler)
  .openapi(gratitude.route, gratitude.handler);

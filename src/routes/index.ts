import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { auditLogRouter } from './audit-log/index.js';
import { catalogueRouter } from './catalogue/index.js';
import { claimsRouter } from './claims/index.js';
import { earnRouter } from './earn/index.js';
import { eventsRouter } from './events/index.js';
import { fxRatesRouter } from './fx-rates/index.js';
import { giftCardsRouter } from './gift-cards/index.js';
import { meRouter } from './me/index.js';
import { memberTokensRouter } from './member-tokens/index.js';
import { membersRouter } from './members/index.js';
import { networkRouter } from './network/index.js';
import { partnersRouter } from './partners/index.js';
import { poolsRouter } from './pools/index.js';
import { publicRouter } from './public/index.js';
import { quoteRouter } from './quote/index.js';
import { redeemRouter } from './redeem/index.js';
import { reservationsRouter } from './reservations/index.js';
import { selectionsRouter } from './selections/index.js';
import { sessionsRouter } from './sessions/index.js';
import { settlementsRouter } from './settlements/index.js';
import { transactionsRouter } from './transactions/index.js';

/** Every resource's router, mounted on the app. */
export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.route('/', publicRouter);
  app.route('/', fxRatesRouter);
  app.route('/', memberTokensRouter);
  app.route('/', partnersRouter);
  app.route('/', membersRouter);
  app.route('/', earnRouter);
  app.route('/', redeemRouter);
  app.route('/', transactionsRouter);
  app.route('/', quoteRouter);
  app.route('/', meRouter);
  app.route('/', poolsRouter);
  app.route('/', settlementsRouter);
  app.route('/', networkRouter);
  app.route('/', auditLogRouter);
  app.route('/', eventsRouter);
  app.route('/', claimsRouter);
  app.route('/', sessionsRouter);
  app.route('/', catalogueRouter);
  app.route('/', reservationsRouter);
  app.route('/', selectionsRouter);
  app.route('/', giftCardsRouter);
}

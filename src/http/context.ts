import type { Principal } from '../auth/principal.js';
import type { AppDependencies } from '../dependencies.js';
import type { RateLimiter } from './rate-limit.js';

export type { AppDependencies } from '../dependencies.js';

export interface AppEnv {
  Variables: {
    deps: AppDependencies;
    principal: Principal;
    requestId: string;
    /** The caller's own X-Request-Id, if it sent one: logged, never used as Tessera's id. */
    callerRequestId?: string | undefined;
    /** The per-partner request budget of this app instance. */
    rateLimiter: RateLimiter;
  };
}

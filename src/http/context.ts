import type { Principal } from '../auth/principal.js';
import type { AppDependencies } from '../dependencies.js';

export type { AppDependencies } from '../dependencies.js';

export interface AppEnv {
  Variables: {
    deps: AppDependencies;
    principal: Principal;
    requestId: string;
  };
}

export {
  createPartnerClient,
  type PartnerClient,
  type PartnerClientOptions,
  type PartnerPaths,
  type ResponseData,
} from './client.js';
export { type ProblemCode, type ProblemDocument, TesseraProblem } from './problem.js';
export { type RetryOptions, retryingFetch } from './retry.js';
export type { components, operations, paths } from './schema.js';
export { PARTNER_TOKEN_MAX_LIFETIME_SECONDS, type PartnerTokenOptions, PartnerTokenSigner } from './token.js';

/**
 * What the Worker bundle gets for `zod`: zod's own entry (node_modules/zod/index.js), without its
 * translations of error messages into fifty languages. `@hono/zod-openapi` passes zod's `z`
 * namespace to a function, so a bundler must keep every member of it, `z.locales` included:
 * about 260 KB of the Worker script (38 KiB gzipped) that Tessera never uses, since its problem
 * documents are in English (zod registers its English messages itself). `wrangler.toml` aliases
 * `zod` to this file for the Worker only; Node and the CLI load zod unchanged. It also leaves out
 * what the Worker never runs: the JSON Schema converters (`toJSONSchema`, `fromJSONSchema`; the
 * OpenAPI document is built by @asteasolutions/zod-to-openapi) and `compile`, zod's schema compiler,
 * which builds functions with `new Function` that Workers forbid: 12 KiB gzipped more.
 * test/worker/zod-alias.test.ts checks that it exports exactly what zod does, but these.
 */
import * as z from './zod-without-locales.js';

export * from './zod-without-locales.js';
export { z, z as default };

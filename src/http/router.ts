import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { fail } from './problems.js';

/**
 * Every router shares one validation hook, so a schema failure anywhere is the same
 * `validation_failed` problem listing each failed field.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const errors = result.error.issues.map((issue) => ({
        path: [result.target, ...issue.path.map(String)].join('.'),
        message: issue.message,
      }));
      const summary = errors.map((error) => `${error.path}: ${error.message}`).join('; ');
      fail({
        code: 'validation_failed',
        detail: summary.slice(0, 500),
        extensions: { errors: errors.slice(0, 50) },
      });
    },
  });
}

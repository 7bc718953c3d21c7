import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { fail } from './problems.js';

/**
 * Every router shares one validation hook, so a schema failure anywhere is the same
 * `validation_failed` problem listing each failed field (a missing Idempotency-Key aside).
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      if (result.target === 'header' && !c.req.header('idempotency-key')) {
        // The one required header: its absence has its own code, as the write runner answers it.
        if (result.error.issues.some((issue) => issue.path[0] === 'idempotency-key'))
          fail({
            code: 'idempotency_key_missing',
            detail: 'This write needs an Idempotency-Key header, unique per operation.',
          });
      }
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

import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../../http/context.js';
import { errorResponses } from '../../http/problems.js';

export const route = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: ['Public'],
  security: [],
  summary: 'Liveness and database reachability',
  description:
    'Answers 200 when Tessera is up and its database answers a query; for load balancers and uptime checks.',
  responses: {
    200: {
      description: 'The API is up and its database answers.',
      content: {
        'application/json': {
          schema: z
            .object({
              status: z
                .literal('ok')
                .openapi({ description: 'Always "ok" when the database answered.', example: 'ok' }),
              time: z
                .string()
                .openapi({ description: 'Server time (RFC 3339).', example: '2026-11-23T09:30:00.000Z' }),
            })
            .openapi('Health'),
        },
      },
    },
    ...errorResponses(),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { db, clock } = c.get('deps');
  await db.run(sql`SELECT 1`);
  return c.json({ status: 'ok' as const, time: new Date(clock()).toISOString() }, 200);
};

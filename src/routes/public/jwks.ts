import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { errorResponses } from '../../http/problems.js';

const jwkSchema = z
  .object({
    kty: z.string().openapi({ description: 'Key type.', example: 'EC' }),
    kid: z.string().openapi({
      description: 'Key id, as in the `kid` of tokens and statement signatures.',
      example: 'net_2026_11',
    }),
    alg: z.string().openapi({ description: 'Signature algorithm.', example: 'ES256' }),
  })
  .passthrough()
  .openapi('Jwk');

export const route = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  operationId: 'getJwks',
  tags: ['Public'],
  security: [],
  summary: "The network's public signing keys",
  description: 'Verifies member and operator tokens and signed settlement statements.',
  responses: {
    200: {
      description: 'A JSON Web Key Set.',
      content: {
        'application/json': {
          schema: z
            .object({ keys: z.array(jwkSchema).openapi({ description: 'The public keys, by kid.' }) })
            .openapi('Jwks'),
        },
      },
    },
    ...errorResponses(),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = (c) => {
  c.header('cache-control', 'public, max-age=300');
  const { keys } = c.get('deps').networkKeys.jwks;
  return c.json(
    { keys: keys.map((key) => ({ ...key, kty: key.kty ?? '', kid: key.kid ?? '', alg: key.alg ?? '' })) },
    200,
  );
};

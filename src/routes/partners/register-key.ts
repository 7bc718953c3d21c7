import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planRegisterKey, REGISTER_KEY_REFUSALS } from '../../partners/manage.js';
import {
  kidSchema,
  partnerIdParams,
  partnerKeySchema,
  requireOwnKeys,
  toPartnerKeyResponse,
} from './schemas.js';

const coordinate = (description: string, example: string) =>
  z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url without padding')
    .openapi({ description, example });

// Loose objects: a JWK may carry other members (`use`, `key_ops`, `x5t`…); they are not stored.
const es256Jwk = z
  .object({
    kty: z.literal('EC').openapi({ description: 'Key type; EC for ES256.', example: 'EC' }),
    crv: z.literal('P-256').openapi({ description: 'Curve; P-256 for ES256.', example: 'P-256' }),
    x: coordinate('The x coordinate of the public point.', 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU'),
    y: coordinate('The y coordinate of the public point.', 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0'),
    kid: kidSchema,
    alg: z.literal('ES256').openapi({ description: 'ECDSA with P-256 and SHA-256.', example: 'ES256' }),
  })
  .loose()
  .openapi('Es256PublicJwk', { description: 'A P-256 public key for ES256 tokens.' });

const edDsaJwk = z
  .object({
    kty: z.literal('OKP').openapi({ description: 'Key type; OKP for EdDSA.', example: 'OKP' }),
    crv: z.literal('Ed25519').openapi({ description: 'Curve; Ed25519 for EdDSA.', example: 'Ed25519' }),
    x: coordinate('The public key.', '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo'),
    kid: kidSchema,
    alg: z.literal('EdDSA').openapi({ description: 'EdDSA with Ed25519.', example: 'EdDSA' }),
  })
  .loose()
  .openapi('EdDsaPublicJwk', { description: 'An Ed25519 public key for EdDSA tokens.' });

export const registerPartnerKeyBody = z
  .object({
    publicJwk: z.discriminatedUnion('alg', [es256Jwk, edDsaJwk]).openapi({
      description: 'The public JWK, chosen by `alg`. A JWK carrying private material (`d`) is refused.',
      example: {
        kty: 'EC',
        crv: 'P-256',
        x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
        y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
        kid: 'harbor-2026-11',
        alg: 'ES256',
      },
    }),
  })
  .strict()
  .openapi('RegisterPartnerKey', {
    example: {
      publicJwk: {
        kty: 'EC',
        crv: 'P-256',
        x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
        y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
        kid: 'harbor-2026-11',
        alg: 'ES256',
      },
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/partners/{partnerId}/keys',
  operationId: 'registerPartnerKey',
  tags: ['Operator: partners', 'Partner: keys'],
  summary: 'Register a partner public key',
  description:
    "Registers a public JWK the partner signs its tokens with: ES256 (P-256) or EdDSA (Ed25519), checked before it is stored. A kid is registered once per partner (409 `partner_key_exists`, removed ones too); rotate by registering a new kid, then removing the old one. A partner's admin staff register its own in the portal.",
  ...accepts('operator', 'partner'),
  request: {
    params: partnerIdParams,
    body: { required: true, content: { 'application/json': { schema: registerPartnerKeyBody } } },
  },
  responses: {
    201: {
      description: 'The registered key.',
      content: { 'application/json': { schema: partnerKeySchema } },
    },
    ...errorResponses(...WRITE_ERRORS, 'forbidden', ...REGISTER_KEY_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId } = c.req.valid('param');
  requireOwnKeys(c, partnerId, true);
  const { publicJwk } = c.req.valid('json');
  const outcome = await write(c, 'none', { publicJwk }, () =>
    planRegisterKey(c.get('deps'), partnerId, publicJwk, auditHook(c, 'partner_key.register')),
  );
  return c.json(toPartnerKeyResponse(outcome.body), 201);
};

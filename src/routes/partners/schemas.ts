import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { PartnerKeyRow } from '../../db/partner-keys.js';
import type { PartnerRow } from '../../db/partners.js';
import { SECTORS } from '../../domain/partners.js';
import type { AppEnv } from '../../http/context.js';
import { fail } from '../../http/problems.js';
import { currencyCode, decimalString, idParam, isoTime, timestamp } from '../schemas.js';

export const categoryMultipliersSchema = z
  .record(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9_-]+$/, 'categories are lowercase words such as "prescription"'),
    decimalString('Multiplier for this category; 0 means the category earns nothing.', '0'),
  )
  .refine((value) => Object.keys(value).length <= 100, 'at most 100 categories')
  .openapi({
    description: 'Per-category earn multipliers. A category not listed earns at 1x.',
    example: { prescription: '0', cosmetics: '2' },
  });

export const partnerTermsFields = {
  earnRate: decimalString('Points earned per 1 unit of the reference currency spent.', '1'),
  issuePrice: decimalString(
    'What the partner pays the network per point it issues, in the reference currency.',
    '0.012',
  ),
  redeemRate: decimalString(
    'What the network pays the partner per point redeemed at it, in the reference currency.',
    '0.009',
  ),
  categoryMultipliers: categoryMultipliersSchema,
  qualifyingCreditsPerPoint: decimalString(
    'Qualifying credits (towards a tier) per point earned here; 0: purchases here never qualify. Lines whose category earns nothing qualify for nothing either.',
    '1',
  ),
};

export const partnerSchema = z
  .object({
    id: z.string().openapi({ description: 'Partner id.', example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    name: z
      .string()
      .openapi({ description: 'Display name shown to members.', example: 'Harbor Hotel San Diego' }),
    sector: z.enum(SECTORS).openapi({ description: 'Business sector.', example: 'hotel' }),
    country: z.string().openapi({ description: 'ISO 3166-1 alpha-2 country.', example: 'US' }),
    settlementCurrency: currencyCode.openapi({
      description: 'Currency the partner settles in.',
      example: 'USD',
    }),
    ...partnerTermsFields,
    status: z
      .enum(['active', 'suspended'])
      .openapi({ description: "A suspended partner's tokens are refused.", example: 'active' }),
    createdAt: timestamp('When the partner was onboarded'),
    updatedAt: timestamp('When the partner last changed'),
  })
  .openapi('Partner');

export type PartnerResponse = z.infer<typeof partnerSchema>;

export function toPartnerResponse(row: PartnerRow): PartnerResponse {
  return {
    id: row.id,
    name: row.name,
    sector: row.sector as PartnerResponse['sector'],
    country: row.country,
    settlementCurrency: row.settlementCurrency,
    earnRate: row.earnRate,
    issuePrice: row.issuePrice,
    redeemRate: row.redeemRate,
    categoryMultipliers: JSON.parse(row.categoryMultipliers) as Record<string, string>,
    qualifyingCreditsPerPoint: row.qualifyingCreditsPerPoint,
    status: row.status,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

export const partnerIdParams = z.object({
  partnerId: idParam('partnerId', 'ptn', 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
});

export const kidSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'a kid is 1 to 100 of the characters A-Z a-z 0-9 _ . -')
  .openapi({
    description: 'Key id the partner puts in the `kid` header of its tokens.',
    example: 'harbor-2026-11',
  });

export const partnerKeySchema = z
  .object({
    kid: kidSchema,
    alg: z
      .enum(['ES256', 'EdDSA'])
      .openapi({ description: 'The algorithm tokens signed with this key must use.', example: 'ES256' }),
    createdAt: timestamp('When the key was registered'),
    removedAt: timestamp('When the key was removed; tokens signed with it are refused from then on')
      .nullable()
      .openapi({
        description: 'When the key was removed (RFC 3339, UTC), or null while it is live.',
        example: null,
      }),
  })
  .openapi('PartnerKey', {
    description: 'A public key a partner signs its tokens with. Private key material is never stored.',
  });

export type PartnerKeyResponse = z.infer<typeof partnerKeySchema>;

export function toPartnerKeyResponse(row: PartnerKeyRow): PartnerKeyResponse {
  return {
    kid: row.kid,
    alg: row.algorithm as PartnerKeyResponse['alg'],
    createdAt: isoTime(row.createdAt),
    removedAt: row.removedAt === null ? null : isoTime(row.removedAt),
  };
}

/**
 * A partner reads and manages only its own keys, and only its staff (signed in with a passkey)
 * register or remove them: a partner token cannot, so a leaked signing key cannot enrol another.
 */
export function requireOwnKeys(c: Context<AppEnv>, partnerId: string, change: boolean): void {
  const principal = c.get('principal');
  if (principal.kind !== 'partner') return;
  if (principal.partnerId !== partnerId)
    fail({ code: 'forbidden', detail: 'A partner sees and manages only its own keys.' });
  if (change && principal.staff === undefined)
    fail({
      code: 'forbidden',
      detail:
        "A partner's keys are registered and removed by its staff in the portal, not with a partner token.",
    });
}

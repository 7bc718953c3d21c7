import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type AuditHook, noAudit } from '../../db/audit.js';
import type { EndpointOwner, EndpointRow } from '../../db/webhooks.js';
import { eventTypes } from '../../domain/events/registry.js';
import { looksLikeId } from '../../domain/ids.js';
import { MAX_WEBHOOK_URL_LENGTH } from '../../domain/webhooks/urls.js';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { isoTime, pageQuery, timestamp } from '../schemas.js';

export const ENDPOINT_EXAMPLE_ID = 'whe_01JD3Z6W3RM0E2F2WB7G0K3T9Q';

/** The partner whose endpoints these are, or the operator's own. */
export function ownerOf(c: Context<AppEnv>): EndpointOwner {
  const principal = c.get('principal');
  return principal.kind === 'partner'
    ? { kind: 'partner', partnerId: principal.partnerId }
    : { kind: 'operator' };
}

/** Operator actions are audited in their own batch; a partner's are its own business. */
export function auditOf(c: Context<AppEnv>, action: string): AuditHook {
  return c.get('principal').kind === 'operator' ? auditHook(c, action) : noAudit;
}

export const endpointIdParams = z.object({
  endpointId: z
    .string()
    .min(1)
    .max(64)
    .openapi({
      param: { name: 'endpointId', in: 'path' },
      description: 'A whe_ id.',
      example: ENDPOINT_EXAMPLE_ID,
    }),
});

function isAbsoluteUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

export const endpointFields = {
  url: z
    .string()
    .max(MAX_WEBHOOK_URL_LENGTH)
    .refine(isAbsoluteUrl, 'must be an absolute URL such as https://hooks.example.com/tessera')
    .openapi({
      description:
        'Where deliveries are POSTed: https, on a public address (never loopback, private or link-local).',
      example: 'https://hooks.example.com/tessera',
    }),
  description: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .optional()
    .openapi({ description: 'A note for its owner.', example: 'Loyalty sync, production' }),
  eventTypes: z
    .array(z.enum(eventTypes))
    .min(1)
    .max(eventTypes.length)
    .openapi({
      description: `The event types it receives (a partner only those partners receive): ${eventTypes.join(', ')}.`,
      example: ['transaction.earned', 'transaction.redeemed'],
    }),
};

export const endpointSchema = z
  .object({
    id: z.string().openapi({ description: 'Endpoint id.', example: ENDPOINT_EXAMPLE_ID }),
    url: endpointFields.url,
    description: z
      .string()
      .nullable()
      .openapi({ description: 'A note for its owner.', example: 'Loyalty sync, production' }),
    eventTypes: z.array(z.string()).openapi({
      description: 'The event types it receives.',
      example: ['transaction.earned', 'transaction.redeemed'],
    }),
    status: z.enum(['enabled', 'disabled']).openapi({
      description:
        'A disabled endpoint receives nothing until it is enabled again; it then resumes where it stopped.',
      example: 'enabled',
    }),
    disabledReason: z.enum(['owner', 'gone', 'failing']).nullable().openapi({
      description:
        '`owner`: by its owner; `gone`: it answered 410; `failing`: it failed for WEBHOOK_DISABLE_AFTER_DAYS.',
      example: null,
    }),
    failingSince: timestamp(
      'When its current run of failed deliveries began; null while they succeed',
    ).nullable(),
    previousSecretExpiresAt: timestamp(
      'Until when deliveries are also signed with the secret before the last rotation; null when they are not',
    ).nullable(),
    createdAt: timestamp('When it was registered'),
    updatedAt: timestamp('When it last changed'),
  })
  .openapi('WebhookEndpoint', { description: 'Where a partner or the operator receives signed events.' });

export const endpointWithSecretSchema = endpointSchema
  .extend({
    secret: z.string().openapi({
      description:
        'The signing secret, shown only here: verify deliveries with it (e.g. the `standardwebhooks` package).',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  })
  .openapi('WebhookEndpointWithSecret');

export function toEndpointResponse(row: EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    status: row.status,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince === null ? null : isoTime(row.failingSince),
    previousSecretExpiresAt:
      row.previousSecretExpiresAt === null ? null : isoTime(row.previousSecretExpiresAt),
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

/** A cursor of a page of rows whose ids start with `prefix`. */
export function idCursor(prefix: 'whe' | 'whd' | 'wha', example: string) {
  return z
    .string()
    .refine((value) => looksLikeId(prefix, value), 'must be the nextCursor of a previous page')
    .optional()
    .openapi({ description: 'The `nextCursor` of the previous page.', example });
}

export const pageLimit = pageQuery.limit;

/** One page and the cursor of the next: the rows beyond `limit` only say that another page follows. */
export function page<T extends { id: string }>(rows: readonly T[], limit: number) {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? (data.at(-1)?.id ?? null) : null };
}

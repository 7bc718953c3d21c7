import { z } from '@hono/zod-openapi';
import { ITEM_KINDS, ITEM_STATUSES } from '../../db/schema/index.js';
import { idParam, moneySchema, timestamp } from '../schemas.js';

const instant = (description: string) =>
  z
    .string()
    .datetime({ offset: true })
    .openapi({ description: `${description} (RFC 3339).`, example: '2027-03-14T09:00:00Z' });

export const eligibilityBody = z
  .object({
    tiers: z
      .array(z.string().min(1).max(40).openapi({ description: 'A status tier code.', example: 'gold' }))
      .min(1)
      .max(20)
      .optional()
      .openapi({
        description:
          'Only members holding one of these status tiers now (their status as GET /v1/me/status shows it); checked again inside the reservation.',
      }),
    countries: z
      .array(
        z
          .string()
          .regex(/^[A-Z]{2}$/)
          .openapi({ description: 'ISO 3166-1 alpha-2.', example: 'DE' }),
      )
      .min(1)
      .max(50)
      .optional()
      .openapi({
        description: "Only members from these countries (the enrolling partner's country for now).",
      }),
    poolIds: z
      .array(
        z
          .string()
          .min(1)
          .max(64)
          .openapi({ description: 'A pool id.', example: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
      )
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: 'Only members of these pools.' }),
    memberIds: z
      .array(
        z
          .string()
          .min(1)
          .max(64)
          .openapi({ description: 'A member id.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
      )
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Only these members.' }),
  })
  .strict()
  .openapi('Eligibility', {
    description: 'Who may see and reserve the item: every dimension given must match; empty is everyone.',
  });

const itemFields = {
  kind: z.enum(ITEM_KINDS).openapi({
    description: 'An experience (a date, a place, seats), a voucher or a product.',
    example: 'experience',
  }),
  title: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .openapi({ description: 'What members see first.', example: 'Guided trail run with a coach' }),
  description: z.string().trim().max(4000).openapi({
    description: 'What it is and what to bring.',
    example: 'Ten kilometres above the lake, coffee after.',
  }),
  place: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .openapi({ description: 'Where an experience takes place.', example: 'Tegernsee, DE' }),
  startsAt: instant('When an experience takes place').nullable().optional(),
  stock: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .openapi({ description: 'Seats or units on offer.', example: 10 }),
  pointsPrice: z
    .number()
    .int()
    .min(1)
    .max(1_000_000_000)
    .openapi({ description: 'Its price in points.', example: 3000 }),
  settlementPrice: moneySchema.openapi({
    description: 'What the network pays the fulfiller per unit, in the reference currency.',
  }),
  availableFrom: instant('Reservable from'),
  availableUntil: instant('Reservable until'),
  eligibility: eligibilityBody.default({}),
};

export const itemBody = z
  .object(itemFields)
  .strict()
  .openapi('CatalogueItemInput', {
    example: {
      kind: 'voucher',
      title: 'A sunset sail on the bay',
      description: 'Two hours, drinks aboard.',
      stock: 8,
      pointsPrice: 150,
      settlementPrice: { amount: '1.80', currency: 'EUR' },
      availableFrom: '2026-01-01T00:00:00Z',
      availableUntil: '2099-12-31T00:00:00Z',
      eligibility: {},
    },
  });

export const itemChangeBody = z
  .object({
    title: itemFields.title.optional(),
    description: itemFields.description.optional(),
    place: itemFields.place,
    startsAt: itemFields.startsAt,
    stock: itemFields.stock.optional(),
    pointsPrice: itemFields.pointsPrice.optional(),
    settlementPrice: itemFields.settlementPrice.optional(),
    availableFrom: itemFields.availableFrom.optional(),
    availableUntil: itemFields.availableUntil.optional(),
    eligibility: eligibilityBody.optional(),
    withdraw: z
      .boolean()
      .optional()
      .openapi({ description: 'Take the item out of the catalogue.', example: false }),
  })
  .strict()
  .openapi('CatalogueItemChange', { example: { stock: 12 } });

export const itemSchema = z
  .object({
    id: z.string().openapi({ description: 'Item id.', example: 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    fulfiller: z.string().openapi({
      description: 'The partner that fulfils it, or `network`.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    kind: itemFields.kind,
    title: z.string().openapi({ description: 'Title.', example: 'Guided trail run with a coach' }),
    description: z
      .string()
      .openapi({ description: 'Description.', example: 'Ten kilometres above the lake, coffee after.' }),
    place: z
      .string()
      .nullable()
      .openapi({ description: 'Where, for an experience.', example: 'Tegernsee, DE' }),
    startsAt: timestamp('When, for an experience').nullable(),
    stock: z.number().int().openapi({ description: 'Seats or units on offer.', example: 10 }),
    reserved: z.number().int().openapi({ description: 'Held or fulfilled.', example: 4 }),
    remaining: z.number().int().openapi({ description: 'Still to reserve.', example: 6 }),
    pointsPrice: z.number().int().openapi({ description: 'Price in points.', example: 3000 }),
    settlementPrice: moneySchema.openapi({ description: 'What the network pays the fulfiller per unit.' }),
    availableFrom: timestamp('Reservable from'),
    availableUntil: timestamp('Reservable until'),
    eligibility: eligibilityBody,
    status: z
      .enum(ITEM_STATUSES)
      .openapi({ description: 'Members see only approved items.', example: 'approved' }),
    reviewNote: z
      .string()
      .nullable()
      .openapi({ description: "The operator's note on its review.", example: null }),
    createdAt: timestamp('Created'),
    updatedAt: timestamp('Last changed'),
  })
  .openapi('CatalogueItem');

export const memberItemSchema = z
  .object({
    id: itemSchema.shape.id,
    fulfiller: z
      .object({
        id: z
          .string()
          .openapi({ description: 'The partner, or `network`.', example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
        name: z.string().openapi({ description: 'Its name.', example: 'Alpine Outfitters' }),
      })
      .openapi({ description: 'Who fulfils it.' }),
    kind: itemFields.kind,
    title: itemSchema.shape.title,
    description: itemSchema.shape.description,
    place: itemSchema.shape.place,
    startsAt: itemSchema.shape.startsAt,
    remaining: itemSchema.shape.remaining,
    pointsPrice: itemSchema.shape.pointsPrice,
    availableUntil: itemSchema.shape.availableUntil,
  })
  .openapi('CatalogueOffer');

export const itemIdParams = z.object({ itemId: idParam('itemId', 'itm', 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q') });

export const nextCursor = z
  .string()
  .nullable()
  .openapi({ description: 'Pass as `cursor` for the next page; null on the last page.', example: null });

export const toMs = (text: string | null | undefined) =>
  text === undefined ? undefined : text === null ? null : Date.parse(text);

import { z } from '@hono/zod-openapi';
import { EVENT_TYPES, EVENT_VERSION, eventTypes } from '../../domain/events/registry.js';
import { timestamp } from '../schemas.js';

/** One event of each type, with its data, for the OpenAPI document. */
export const eventSchema = z
  .discriminatedUnion(
    'type',
    eventTypes.map((type) =>
      z
        .object({
          id: z.string().openapi({
            description: 'Event id: unique, sortable.',
            example: 'evt_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
          }),
          type: z.literal(type).openapi({ description: EVENT_TYPES[type].description, example: type }),
          version: z
            .literal(EVENT_VERSION)
            .openapi({ description: 'The version of the shape of `data`.', example: EVENT_VERSION }),
          occurredAt: timestamp('When the change committed'),
          sequence: z.number().int().nullable().openapi({
            description: 'The ledger sequence the change stands at, when it moved points; null otherwise.',
            example: 1875,
          }),
          data: EVENT_TYPES[type].data.meta({
            description: 'What happened: ids and the figures a receiver needs.',
          }),
        })
        .openapi(`Event_${type.replaceAll('.', '_')}`),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .openapi('Event', { description: 'Something that happened, as the feed and the webhooks carry it.' });

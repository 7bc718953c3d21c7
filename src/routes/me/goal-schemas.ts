import { z } from '@hono/zod-openapi';
import { orNull } from '../schemas.js';

export const goalSchema = z
  .object({
    itemId: z.string().openapi({ description: 'The item.', example: 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    title: z.string().openapi({ description: 'Its title.', example: 'Cooking class at the ryokan' }),
    pointsPrice: z.number().int().openapi({ description: 'Its price.', example: 2400 }),
    pointsToGo: z
      .number()
      .int()
      .openapi({ description: 'Points still missing; 0 once affordable.', example: 40 }),
    savedAt: z.string().openapi({ description: 'When saved.', example: '2026-11-27T10:00:00.000Z' }),
    gift: orNull(
      z.object({
        points: z.number().int().openapi({ description: 'Points given.', example: 40 }),
        message: z.string().openapi({
          description: 'What I was told.',
          example: 'We added the last 40 points — Cooking class at the ryokan is yours to book',
        }),
        givenAt: z.string().openapi({ description: 'When.', example: '2026-12-31T23:00:00.000Z' }),
      }),
      'The last points, given by the network.',
    ),
  })
  .openapi('Goal');

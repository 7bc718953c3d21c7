import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { PARTNER_MESSAGE_TOPICS } from '../../domain/members/contact.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, PARTNER_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planSendMessage, SEND_MESSAGE_REFUSALS } from '../../members/messages.js';
import { messageSchema } from '../me/contact-schemas.js';
import { idempotencyHeaders } from '../schemas.js';

export const messageBody = z
  .object({
    memberId: z
      .string()
      .min(1)
      .max(64)
      .openapi({ description: 'The member to contact.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    topic: z.enum(PARTNER_MESSAGE_TOPICS).openapi({
      description: 'What it is about; the member may lower their cap per topic.',
      example: 'offers',
    }),
    title: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .openapi({ description: 'Its title.', example: 'Double points this weekend' }),
    body: z.string().trim().min(1).max(1000).openapi({
      description: 'Its text.',
      example: 'Stay two nights before Sunday and earn twice.',
    }),
    action: z
      .object({
        label: z
          .string()
          .trim()
          .min(1)
          .max(40)
          .openapi({ description: 'What the button says.', example: 'Book now' }),
        url: z
          .url({ protocol: /^https$/ })
          .max(500)
          .openapi({
            description: 'Where it leads (https).',
            example: 'https://hotel-aurora.example/offers/weekend',
          }),
      })
      .strict()
      .optional()
      .openapi({ description: 'An optional call to action.' }),
  })
  .strict()
  .openapi('MessageRequest', {
    example: {
      memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
      topic: 'offers',
      title: 'Double points this weekend',
      body: 'Stay two nights before Sunday and earn twice.',
      action: { label: 'Book now', url: 'https://hotel-aurora.example/offers/weekend' },
    },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/messages',
  operationId: 'sendMessage',
  tags: ['Partner: messages'],
  summary: 'Ask the network to contact a member',
  description:
    "Delivered to the member's inbox only with their consent (`consent_required`), outside their quiet hours (`member_quiet_hours`) and within their contact cap across every partner (`contact_cap_reached`); a refusal delivers nothing and gives `nextFitAt`. See docs/members.md.",
  ...accepts('partner'),
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: messageBody } } },
  },
  responses: {
    201: {
      description: 'The message, delivered.',
      content: { 'application/json': { schema: messageSchema } },
    },
    ...errorResponses(...PARTNER_WRITE_ERRORS, ...SEND_MESSAGE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { partnerId } = principalOf(c, 'partner');
  const outcome = await write(c, 'required', body, () => planSendMessage(c.get('deps'), partnerId, body));
  return c.json(outcome.body, 201);
};

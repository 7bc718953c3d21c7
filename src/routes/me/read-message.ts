import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { MARK_READ_REFUSALS, planMarkRead } from '../../members/messages.js';
import { idParam } from '../schemas.js';
import { messageSchema } from './contact-schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/me/inbox/{messageId}/read',
  operationId: 'markMyMessageRead',
  tags: ['Member: consent and inbox'],
  summary: 'Mark a message read',
  description: 'Marks one of my messages read; marking it again keeps the first time.',
  ...accepts('member'),
  request: { params: z.object({ messageId: idParam('messageId', 'msg', 'msg_01JD3Z6W3RM0E2F2WB7G0K3T9Q') }) },
  responses: {
    200: { description: 'The message, read.', content: { 'application/json': { schema: messageSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...MARK_READ_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { messageId } = c.req.valid('param');
  const outcome = await write(c, 'none', {}, () => planMarkRead(c.get('deps'), memberOf(c), messageId));
  return c.json(outcome.body, 200);
};

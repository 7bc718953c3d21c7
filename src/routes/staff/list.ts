import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { listStaffUsers } from '../../db/staff.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { staffUserView } from '../../staff/invitations.js';
import { staffUserSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/staff',
  operationId: 'listStaff',
  tags: ['Operator: staff', 'Partner: staff'],
  summary: 'List staff users',
  description:
    "The operator's staff, or with `partnerId` a partner's; a partner sees only its own. Invited users are listed until they accept.",
  ...accepts('operator', 'partner'),
  request: {
    query: z.object({
      partnerId: z.string().max(64).optional().openapi({
        description: "For the operator: list this partner's staff instead of its own.",
        example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
      }),
    }),
  },
  responses: {
    200: {
      description: 'The staff users, oldest first.',
      content: {
        'application/json': {
          schema: z
            .object({ data: z.array(staffUserSchema).openapi({ description: 'The staff users.' }) })
            .openapi('StaffUserList'),
        },
      },
    },
    ...errorResponses('forbidden'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { partnerId } = c.req.valid('query');
  const principal = c.get('principal');
  if (principal.kind === 'member') fail({ code: 'forbidden', detail: 'Members see no staff.' });
  if (principal.kind === 'partner' && partnerId !== undefined && partnerId !== principal.partnerId)
    fail({ code: 'forbidden', detail: 'A partner sees only its own staff.' });
  const scope = principal.kind === 'partner' ? principal.partnerId : (partnerId ?? null);
  const rows = await listStaffUsers(c.get('deps').db, scope);
  return c.json({ data: rows.map(staffUserView) }, 200);
};

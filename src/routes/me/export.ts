import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { auditHook } from '../../http/audit.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { MEMBER_DATA_SECTIONS } from '../../members/data-sections.js';
import { planMemberExport } from '../../members/export.js';
import { timestamp } from '../schemas.js';

const row = z
  .record(z.string(), z.unknown())
  .openapi({ description: 'One row as Tessera keeps it; times are ISO 8601.' });

/** One property per section of the one list, so the document cannot miss a section. */
const sectionsSchema = z
  .object(
    Object.fromEntries(
      MEMBER_DATA_SECTIONS.map((section) => [
        section.name,
        z.array(row).openapi({ description: section.description }),
      ]),
    ),
  )
  .openapi({ description: 'Every kind of data Tessera holds about the member, section by section.' });

export const memberExportSchema = z
  .object({
    memberId: z
      .string()
      .openapi({ description: 'The member (pseudonymous id).', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    exportedAt: timestamp('When the export was read'),
    sections: sectionsSchema,
  })
  .openapi('MemberExport');

export const route = createRoute({
  method: 'get',
  path: '/v1/me/export',
  operationId: 'exportMyData',
  tags: ['Member: my data'],
  summary: 'Everything Tessera holds about me',
  description:
    'Everything Tessera holds about me, as JSON: membership and card links, profile, consents, sessions, passkeys (public metadata), pay codes, transactions, lots, pools, reservations, gift cards, choices, status, inbox, my events and who read my account. Codes kept as hashes are not in it. Audited (`member.export`).',
  ...accepts('member'),
  responses: {
    200: {
      description: 'The export.',
      content: { 'application/json': { schema: memberExportSchema } },
    },
    ...errorResponses('write_conflict'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { body } = await write(c, 'none', {}, () =>
    planMemberExport(c.get('deps'), memberOf(c), auditHook(c, 'member.export')),
  );
  return c.json(body, 200);
};

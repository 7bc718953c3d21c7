import { z } from '@hono/zod-openapi';
import { CAPPED_TOPICS, isTimeZone, MESSAGE_TOPICS } from '../../domain/members/contact.js';
import { pageQuery, timestamp } from '../schemas.js';

const scope = (description: string, example: boolean) => z.boolean().openapi({ description, example });

export const consentScopesSchema = z
  .object({
    profile: scope('See my name and contact. Default: no.', false),
    tier: scope('See my tier. Default: yes.', true),
    balance: scope('Read my balance without my pay code. Default: yes.', true),
    messages: scope('Message me. Default: no.', true),
  })
  .strict()
  .openapi('ConsentScopes', {
    description: 'What one partner may do.',
    example: { profile: false, tier: true, balance: true, messages: true },
  });

export const consentSchema = z
  .object({
    partnerId: z.string().openapi({ description: 'The partner.', example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    partnerName: z.string().openapi({ description: "The partner's name.", example: 'Hotel Aurora' }),
    scopes: consentScopesSchema,
    decidedAt: timestamp('When I last decided').nullable(),
  })
  .openapi('Consent');

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as 21:30')
  .openapi({ description: 'A local time, HH:MM (24 hours).', example: '21:00' });

export const quietHoursSchema = z
  .object({
    from: clockTime.openapi({ description: 'When quiet hours start, local time (HH:MM).', example: '21:00' }),
    until: clockTime.openapi({
      description: 'When they end, local time (HH:MM); before `from` when they span midnight.',
      example: '08:00',
    }),
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Prague')
      .openapi({ description: 'The IANA time zone they are in.', example: 'Europe/Prague' }),
  })
  .strict()
  .refine((quiet) => quiet.from !== quiet.until, {
    message: 'must end at another time than it starts',
    path: ['until'],
  })
  .openapi('QuietHours', {
    description: 'No message is delivered in these hours.',
    example: { from: '21:00', until: '08:00', timeZone: 'Europe/Prague' },
  });

const cap = (description: string) => z.number().int().min(0).max(1000).openapi({ description, example: 1 });

export const topicCapsSchema = z
  .object(
    Object.fromEntries(
      CAPPED_TOPICS.map((topic) => [topic, cap(`At most this many ${topic} messages a week.`).optional()]),
    ),
  )
  .strict()
  .openapi('TopicCaps', {
    description: 'A lower weekly cap per topic; a topic left out has only the overall cap.',
    example: { offers: 1 },
  });

export const contactSettingsInputSchema = z
  .object({
    weeklyCap: cap(
      'At most this many messages in any seven days, from every partner together; null: the network’s.',
    )
      .nullable()
      .openapi({ example: 1 }),
    topicCaps: topicCapsSchema,
    quietHours: quietHoursSchema.nullable().openapi({ description: 'Quiet hours; null: none.' }),
  })
  .strict()
  .openapi('ContactSettingsInput', {
    example: {
      weeklyCap: 1,
      topicCaps: { offers: 1 },
      quietHours: { from: '21:00', until: '08:00', timeZone: 'Europe/Prague' },
    },
  });

export const contactSettingsSchema = z
  .object({
    weeklyCap: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'My own weekly cap; null: the network’s.', example: 1 }),
    topicCaps: topicCapsSchema,
    quietHours: quietHoursSchema.nullable().openapi({ description: 'Quiet hours; null: none.' }),
    effectiveWeeklyCap: z
      .number()
      .int()
      .openapi({ description: "The cap that applies: the lower of mine and the network's.", example: 1 }),
    networkWeeklyCap: z
      .number()
      .int()
      .openapi({ description: "The network's cap (CONTACT_CAP_WEEKLY).", example: 2 }),
  })
  .openapi('ContactSettings');

export const messageSchema = z
  .object({
    id: z.string().openapi({ description: 'The message.', example: 'msg_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    memberId: z.string().openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    sender: z.enum(['partner', 'network']).openapi({ description: 'Who sent it.', example: 'partner' }),
    partnerId: z.string().nullable().openapi({
      description: "The partner that sent it; null for the network's own.",
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    topic: z.enum(MESSAGE_TOPICS).openapi({ description: 'What it is about.', example: 'offers' }),
    title: z.string().openapi({ description: 'Its title.', example: 'Double points this weekend' }),
    body: z
      .string()
      .openapi({ description: 'Its text.', example: 'Stay two nights before Sunday and earn twice.' }),
    action: z
      .object({
        label: z.string().openapi({ description: 'What the button says.', example: 'Book now' }),
        url: z.string().openapi({
          description: 'Where it leads.',
          example: 'https://hotel-aurora.example/offers/weekend',
        }),
      })
      .nullable()
      .openapi({ description: 'A call to action; null for none.' }),
    counted: z.boolean().openapi({
      description: 'Whether it took a place in the contact cap (notices about my own points do not).',
      example: true,
    }),
    deliveredAt: timestamp('When it arrived'),
    readAt: timestamp('When I read it').nullable(),
  })
  .openapi('Message');

export const inboxQuery = z.object(pageQuery);

export const inboxPageSchema = z
  .object({
    data: z.array(messageSchema).openapi({ description: 'Newest first.' }),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page; null at the end.', example: null }),
  })
  .openapi('Inbox');

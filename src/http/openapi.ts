import type { OpenAPIHono } from '@hono/zod-openapi';
import { version } from '../../package.json';
import type { ErrorCode } from '../domain/errors.js';
import type { AppEnv } from './context.js';
import { errorResponses, fail, problemCodesOf } from './problems.js';

/**
 * Every tag an operation may carry, each `<audience>: <area>` (or `Public`): the audiences are
 * the principals the operation accepts, so a generator can split clients by audience. An
 * operation open to two principals carries a tag of each.
 */
export const OPERATION_TAGS = [
  {
    name: 'Public',
    description:
      "No token: liveness, the network's public signing keys, and signing in (a claim code, a passkey or a refresh token is the credential).",
  },
  {
    name: 'Partner: members',
    description: 'Enrol members, find them by your own reference, read a balance to redeem.',
  },
  {
    name: 'Partner: ledger',
    description: 'Earn, hold and capture, redeem, refund, quote; list and export your own transactions.',
  },
  {
    name: 'Partner: settlement',
    description: 'Your statements: read, download, reconcile line by line, acknowledge, dispute.',
  },
  {
    name: 'Partner: catalogue',
    description: 'Offer items, the reservations you fulfil: confirm or cancel them.',
  },
  {
    name: 'Partner: gift cards',
    description: 'Coalition gift cards as money: check a balance, take payment, refund onto a card.',
  },
  {
    name: 'Partner: events',
    description: 'What happened to your transactions, members, statements and keys.',
  },
  { name: 'Member: wallet', description: "The member's unified balance, own activity and pay codes." },
  {
    name: 'Member: sign-in',
    description: 'Passkeys: register, list and remove them; sessions: sign out.',
  },
  { name: 'Member: profile', description: "The member's own profile: theirs to give, change or clear." },
  {
    name: 'Member: my data',
    description: 'Everything Tessera holds about me, as JSON; erasing it, with my choice for my points.',
  },
  {
    name: 'Member: consent and inbox',
    description:
      'What each partner may do beyond the transaction itself, how often and when anyone may contact me, and the messages that reached me.',
  },
  {
    name: 'Partner: messages',
    description:
      "Ask the network to contact a member: delivered with the member's consent, outside their quiet hours, within a cap counted across every partner.",
  },
  {
    name: 'Partner: keys',
    description: 'Your signing keys: list them; your admin staff register and remove them in the portal.',
  },
  {
    name: 'Partner: webhooks',
    description:
      'Your endpoints: events pushed as they happen, signed per Standard Webhooks; delivery log, redelivery, secret rotation.',
  },
  {
    name: 'Partner: status',
    description: "A member's tier and its benefits, to give your own; the network's tiers.",
  },
  {
    name: 'Member: pools',
    description: 'Households and friend pools: create, invite, join, pledge, permissions, leave.',
  },
  { name: 'Member: events', description: "The member's own events and their pools'." },
  {
    name: 'Member: catalogue',
    description: 'What I may reserve; reserve an item, my reservations, cancel one.',
  },
  { name: 'Member: yearly choice', description: 'The yearly choices I am invited to, and my outcome.' },
  { name: 'Member: gift cards', description: 'My coalition gift cards, their balances, a new code.' },
  {
    name: 'Member: status',
    description: "The member's tier, progress, forecast and history of status changes.",
  },
  {
    name: 'Operator: partners',
    description: 'Onboard partners, set their terms, suspend them, register and remove their keys.',
  },
  {
    name: 'Operator: members',
    description: 'Support: a member and their activity across partners, member tokens, goodwill.',
  },
  { name: 'Operator: FX rates', description: 'Publish FX snapshots and read them back.' },
  {
    name: 'Operator: settlement',
    description: 'Close periods, read settlements, record payments, resolve disputes, network totals.',
  },
  { name: 'Operator: audit', description: 'What operators did, append-only.' },
  {
    name: 'Operator: status',
    description:
      "Publish tiers, match or challenge a member's status, members per tier, what gratitude cost.",
  },
  { name: 'Operator: events', description: 'Every event of the network.' },
  {
    name: 'Operator: catalogue',
    description: "Approve partners' items, offer the network's own, every reservation.",
  },
  {
    name: 'Operator: yearly choice',
    description: 'Open a yearly choice for a cohort, follow it, close it into gift cards.',
  },
  { name: 'Operator: gift cards', description: 'The gift card liability, per currency.' },
  {
    name: 'Operator: staff',
    description:
      'The people who sign in to the console: invitations and sessions. A staff token stands for the operator on every operator route, limited by the role.',
  },
  {
    name: 'Partner: staff',
    description:
      "The partner's own people in the partner portal: invitations and sessions. A staff token stands for the partner on its routes, limited by the role.",
  },
  {
    name: 'Operator: webhooks',
    description: "The operator's own endpoints, and the health of every endpoint of the network.",
  },
] as const;

/**
 * The security scheme each principal's token is declared under. A staff user's token stands for
 * the operator or a partner, and their role may refuse a write (`staff_role_forbidden`).
 */
const SCHEMES_REFUSALS: Readonly<Record<string, readonly ErrorCode[]>> = {
  partnerToken: ['unauthorized', 'invalid_token', 'rate_limited', 'staff_role_forbidden'],
  memberToken: ['unauthorized', 'invalid_token', 'member_not_found'],
  operatorToken: ['unauthorized', 'invalid_token', 'staff_role_forbidden'],
};

/** What any request with a JSON body can be refused with before a handler sees it. */
const BODY_REFUSALS: readonly ErrorCode[] = ['malformed_json', 'unsupported_media_type', 'payload_too_large'];

/**
 * Declares on every operation the refusals that come from the app rather than the route: the
 * token (by the principals the route accepts), the body (malformed, not JSON, too large) and the
 * rate limit. With the refusals each route takes from its planner, every problem an operation can
 * answer is in the document, derived, never listed by hand.
 */
export function declareCommonRefusals(app: OpenAPIHono<AppEnv>): void {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { route } = definition;
    const codes = new Set<ErrorCode>();
    for (const requirement of route.security ?? []) {
      for (const scheme of Object.keys(requirement))
        for (const code of SCHEMES_REFUSALS[scheme] ?? []) codes.add(code);
    }
    if (route.request?.body !== undefined) for (const code of BODY_REFUSALS) codes.add(code);
    if (codes.size === 0) continue;
    const declared = Object.values(route.responses).flatMap((response) => problemCodesOf(response));
    const successes = Object.entries(route.responses).filter(
      ([, response]) => problemCodesOf(response).length === 0,
    );
    route.responses = {
      ...Object.fromEntries(successes),
      ...errorResponses(...declared, ...codes),
    };
  }
}

/** The file of the docs site that holds the document on Workers (scripts/build-worker.mjs writes it). */
export const OPENAPI_DOCUMENT_FILE = 'openapi.json';

/**
 * `GET /openapi.json`. Generated from the routes on every request, or, on Workers, the document
 * Node generated when the static assets were built: the Worker's script carries the routes'
 * schemas but not their descriptions and examples, nor the generator (docs/decisions.md, "The
 * Worker's size"). Both send the same bytes.
 */
export function registerOpenApiDocument(app: OpenAPIHono<AppEnv>, source: 'generated' | 'docs-site'): void {
  if (source === 'generated') {
    app.doc31('/openapi.json', {
      openapi: '3.1.0',
      info: {
        title: 'Tessera',
        version,
        description:
          'One loyalty coalition, one rewards currency. Partners earn and redeem points for members; members pool points; operators settle every period to the cent. Every error is an RFC 9457 problem document with a stable `code`.',
      },
      servers: [{ url: '/', description: 'The Tessera that serves this document.' }],
      tags: [...OPERATION_TAGS],
    });
    return;
  }
  app.get('/openapi.json', async (c) => {
    const file = await c.get('deps').docsSite?.read(OPENAPI_DOCUMENT_FILE);
    if (file === undefined)
      fail({
        code: 'route_not_found',
        detail:
          'The OpenAPI document is not in the static assets: build them with the build command of wrangler.toml.',
      });
    return c.body(file.body ?? '', 200, { 'content-type': 'application/json' });
  });
}

import * as z from 'zod';
import { isCurrency } from './domain/currencies.js';
import { isDecimalError, parseDecimal } from './domain/decimal.js';
import type { PoolSettings } from './domain/pools/rules.js';
import type { Rational } from './domain/rational.js';
import { WINDOW_POLICIES, type WindowPolicy } from './domain/status/windows.js';

const positiveDecimal = z.string().refine((text) => {
  const value = parseDecimal(text);
  return !isDecimalError(value) && value.numerator > 0n;
}, 'must be a positive decimal number such as 0.01');

const integerIn = (minimum: number, maximum: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${minimum} to ${maximum}`)
    .transform(Number)
    .refine(
      (value) => value >= minimum && value <= maximum,
      `must be a whole number from ${minimum} to ${maximum}`,
    );

/** A comma-separated list of exact origins (`https://app.example.com`), each as browsers send it. */
const originList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  )
  .refine(
    (origins) => origins.every(isOrigin),
    'must be origins such as https://app.example.com, separated by commas (no path, no wildcard)',
  );

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}

/** Environment variables Tessera reads, with their defaults. Documented in the README. */
const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:|wss?:)/, 'must be a file:, libsql:, http(s): or ws(s): URL')
    .default('file:./data/tessera.db'),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
  DATABASE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integerIn(0, 65_535).default(8787),
  TOKEN_ISSUER: z.string().min(1).default('tessera'),
  TOKEN_AUDIENCE: z.string().min(1).default('tessera-api'),
  REFERENCE_CURRENCY: z
    .string()
    .refine(isCurrency, 'must be an ISO 4217 currency code such as EUR')
    .default('EUR'),
  POINT_VALUE: positiveDecimal.default('0.01'),
  OPERATOR_TOKEN_TTL_SECONDS: integerIn(60, 86_400).default(3600),
  MEMBER_TOKEN_TTL_SECONDS: integerIn(60, 86_400).default(3600),
  CLOCK_TOLERANCE_SECONDS: integerIn(0, 120).default(30),
  FX_MAX_AGE_HOURS: integerIn(1, 24 * 366).default(48),
  POINTS_EXPIRY_MONTHS: integerIn(1, 600).default(36),
  EXPIRY_NOTICE_DAYS: integerIn(0, 3650).default(90),
  EVENT_RETENTION_DAYS: integerIn(1, 3650).default(30),
  HOLD_MAX_DAYS: integerIn(1, 730).default(90),
  WRITE_RETRY_LIMIT: integerIn(1, 50).default(8),
  MAX_POINTS_PER_TRANSACTION: integerIn(1, 1_000_000_000_000).default(1_000_000_000),
  HOUSEHOLD_MAX_MEMBERS: integerIn(2, 100).default(8),
  HOUSEHOLD_LOCKOUT_DAYS: integerIn(0, 3650).default(180),
  FRIENDS_MAX_MEMBERS: integerIn(2, 100).default(10),
  FRIEND_POOLS_PER_MEMBER: integerIn(1, 100).default(3),
  POOL_INVITE_DAYS: integerIn(1, 90).default(7),
  RATE_LIMIT_PER_MINUTE: integerIn(0, 10_000_000).default(6000),
  REQUEST_TIMEOUT_MS: integerIn(0, 600_000).default(10_000),
  CORS_ALLOWED_ORIGINS: originList.default([]),
  WALLET_ORIGINS: originList
    .refine((origins) => origins.length > 0, 'must name at least one origin')
    .default(['http://localhost:8787']),
  MEMBER_SESSION_TTL_SECONDS: integerIn(60, 3600).default(900),
  MEMBER_SESSION_DAYS: integerIn(1, 365).default(30),
  CLAIM_CODE_DAYS: integerIn(1, 365).default(30),
  CLAIM_GUESSES_PER_HOUR: integerIn(1, 10_000).default(10),
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'must be a host name such as wallet.example.com')
    .optional(),
  WEBAUTHN_RP_NAME: z.string().min(1).max(64).default('Tessera'),
  MEMBER_PRESENCE: z
    .string()
    .regex(/^(always|never|[1-9][0-9]{0,12})$/, 'must be always, never, or a number of points')
    .default('never'),
  PAY_CODE_TTL_SECONDS: integerIn(30, 900).default(120),
  CONTACT_CAP_WEEKLY: integerIn(0, 1000).default(2),
  CLIENT_ADDRESS_HEADER: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'must be a lowercase header name such as x-forwarded-for')
    .optional(),
  RESERVATION_LAPSE_HOURS: integerIn(1, 24 * 366).default(72),
  GIFT_CARD_EXPIRY_MONTHS: integerIn(0, 600).default(0),
  GIFT_CARD_GUESS_LIMIT: integerIn(1, 10_000).default(10),
  SELECTION_CLOSE_BATCH: integerIn(1, 500).default(50),
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(['true', 'false']).default('false'),
  WEBHOOK_TIMEOUT_MS: integerIn(100, 60_000).default(15_000),
  WEBHOOK_MAX_RESPONSE_BYTES: integerIn(0, 10_485_760).default(65_536),
  WEBHOOK_DISABLE_AFTER_DAYS: integerIn(1, 60).default(5),
  WEBHOOK_DISPATCH_INTERVAL_MS: integerIn(0, 3_600_000).default(1000),
  HOUSEKEEPING_INTERVAL_MINUTES: integerIn(0, 10_080).default(60),
  QUALIFICATION_WINDOW: z.enum(WINDOW_POLICIES).default('calendar_year'),
  STATUS_GRACE_DAYS: integerIn(0, 366).default(30),
  TIER_EXPIRY_NOTICE_DAYS: integerIn(0, 366).default(30),
  GAP_GIFT_MAX_CREDITS: integerIn(0, 1_000_000).default(50),
  GAP_GIFT_AT: z.enum(['window_end', 'any_earn']).default('window_end'),
  GAP_GIFT_POINTS_PER_CREDIT: integerIn(0, 100).default(1),
  GAP_GIFT_MEMBER_CAP_YEARLY: integerIn(0, 1_000_000_000).default(200),
  GAP_GIFT_BUDGET_YEARLY: integerIn(0, 1_000_000_000_000).default(1_000_000),
  GOAL_GIFT_MAX_POINTS: integerIn(0, 1_000_000).default(50),
  GOAL_GIFT_MEMBER_CAP_YEARLY: integerIn(0, 1_000_000_000).default(200),
  GOAL_GIFT_BUDGET_YEARLY: integerIn(0, 1_000_000_000_000).default(1_000_000),
});

/** The names of the variables Tessera reads, for the checks that its documentation names them all. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(environmentSchema.shape);

export interface Config {
  readonly databaseUrl: string;
  readonly databaseAuthToken: string | undefined;
  readonly databaseSynchronous: 'FULL' | 'NORMAL';
  readonly host: string;
  readonly port: number;
  readonly tokenIssuer: string;
  readonly tokenAudience: string;
  readonly referenceCurrency: string;
  /** Value of one point in the reference currency. */
  readonly pointValue: Rational;
  readonly pointValueText: string;
  readonly operatorTokenTtlSeconds: number;
  readonly memberTokenTtlSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly fxMaxAgeHours: number;
  readonly pointsExpiryMonths: number;
  /** Members are told this many days ahead that a lot's points will expire; 0 sends no notices. */
  readonly expiryNoticeDays: number;
  /** Events stay in the feed (and can be redelivered) this long. */
  readonly eventRetentionDays: number;
  readonly holdMaxDays: number;
  readonly writeRetryLimit: number;
  /** No earn or redemption moves more points than this, so totals stay exact far beyond any real volume. */
  readonly maxPointsPerTransaction: number;
  readonly pools: PoolSettings;
  /** Requests per minute each partner may make to this app instance; 0 disables the limit. */
  readonly rateLimitPerMinute: number;
  /** A request still running after this long is answered 503 `request_timeout`; 0 disables it. */
  readonly requestTimeoutMs: number;
  /** Origins whose web apps may call the API from a browser (CORS); none by default. */
  readonly corsAllowedOrigins: readonly string[];
  /** An unconfirmed catalogue reservation lapses this long after it was made; its points go back. */
  readonly reservationLapseHours: number;
  /** Gift cards expire this long after issue; 0: never (as some jurisdictions require). */
  readonly giftCardExpiryMonths: number;
  /** Failed gift card code look-ups a partner may make per hour before every look-up is refused. */
  readonly giftCardGuessLimit: number;
  /** Members a yearly choice's close decides per batch; a close is resumable between batches. */
  readonly selectionCloseBatch: number;
  readonly members: MemberSettings;
  readonly webhooks: WebhookSettings;
  /** On Node, how often the server runs the expiry sweep, notices and pruning; 0: never (use the CLI). */
  readonly housekeepingIntervalMinutes: number;
  readonly status: StatusConfig;
}

export interface WebhookSettings {
  /** Tests and local development only: endpoints may be http and internal addresses. */
  readonly allowPrivateUrls: boolean;
  /** A delivery not answered within this long has failed (and is retried). */
  readonly timeoutMs: number;
  /** At most this much of a receiver's answer is read; the rest is cut off. */
  readonly maxResponseBytes: number;
  /** An endpoint whose deliveries fail for this long is disabled. */
  readonly disableAfterDays: number;
  /** On Node, how often the server looks for deliveries to send; 0: never (use the CLI). */
  readonly dispatchIntervalMs: number;
}

/** How members claim, sign in and stay signed in. */
export interface MemberSettings {
  /** The member wallet's origins: claim links point at the first; passkeys are bound to them. */
  readonly walletOrigins: readonly string[];
  /** The WebAuthn relying party id passkeys are scoped to: a host name every wallet origin is on. */
  readonly relyingPartyId: string;
  /** The name an authenticator shows beside the passkey. */
  readonly relyingPartyName: string;
  /** Lifetime of a session's access token. */
  readonly sessionTokenTtlSeconds: number;
  /** A session ends this long after sign-in, however often it is refreshed. */
  readonly sessionDays: number;
  readonly claimCodeDays: number;
  /** Wrong claim codes one client address may try per hour before it must wait. */
  readonly claimGuessesPerHour: number;
  /** The request header that carries the client's address (behind a proxy); the socket's otherwise. */
  readonly clientAddressHeader: string | undefined;
  /**
   * Redemptions of at least this many points need the member's pay code, and reading a member's
   * balance needs one whenever any redemption may; `undefined`: never, the default until a
   * network's tills read pay codes (docs/members.md).
   */
  readonly presenceFromPoints: number | undefined;
  /** A pay code works this long after the wallet made it. */
  readonly payCodeTtlSeconds: number;
  /**
   * Messages a member may receive in any seven days, every partner's and the network's
   * invitations together; a member may lower it for themselves (docs/members.md).
   */
  readonly contactCapWeekly: number;
}

/** WebAuthn: a passkey of RP id `example.com` works on `example.com` and its subdomains only. */
function isOnHost(origin: string, relyingPartyId: string): boolean {
  const host = new URL(origin).hostname;
  return host === relyingPartyId || host.endsWith(`.${relyingPartyId}`);
}

function presenceFromPoints(setting: string): number | undefined {
  if (setting === 'never') return undefined;
  return setting === 'always' ? 1 : Number(setting);
}

/** The network's status settings (docs/status.md); the tiers themselves are data the operator publishes. */
export interface StatusConfig {
  readonly window: WindowPolicy;
  /** Days after a window's end during which a member keeps the tier they would lose. */
  readonly graceDays: number;
  /** Members are told (`tier.expiring`) this many days before a downgrade; 0 sends no notices. */
  readonly expiryNoticeDays: number;
  readonly gapGift: {
    /** The largest gap the network gives; 0 gives no gifts. */
    readonly maxCredits: number;
    /** `window_end`: when a window ends; `any_earn`: also at any earn that comes within reach. */
    readonly at: 'window_end' | 'any_earn';
    /** Points given with each qualifying credit of a gift; 0 gives credits only. */
    readonly pointsPerCredit: number;
    /** Credits one member may be given in a calendar year. */
    readonly memberCapYearly: number;
    /** Credits the network gives in a calendar year, all members together. */
    readonly budgetYearly: number;
  };
  /** Gifts of the last points to a catalogue item a member saves for; given when gap gifts are. */
  readonly goalGift: {
    /** The largest gap, in points, the network gives; 0 gives no goal gifts. */
    readonly maxPoints: number;
    /** Points one member may be given in a calendar year. */
    readonly memberCapYearly: number;
    /** Points the network gives in a calendar year, all members together. */
    readonly budgetYearly: number;
  };
}

/** Variables whose values may hold credentials, never echoed in an error. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'DATABASE_AUTH_TOKEN']);

export type ConfigResult = { ok: true; config: Config } | { ok: false; error: string };

/** Reads and validates the environment; the error names the first variable that is wrong, on one line. */
export function loadConfig(environment: Readonly<Record<string, string | undefined>>): ConfigResult {
  const present = Object.fromEntries(
    Object.entries(environment).filter(
      ([name, value]) => name in environmentSchema.shape && value !== undefined && value !== '',
    ),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const given = SECRET_VARIABLES.has(name) ? undefined : present[name];
    const shown =
      given === undefined
        ? ''
        : ` (got ${JSON.stringify(given.length > 60 ? `${given.slice(0, 60)}…` : given)})`;
    return { ok: false, error: `Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}${shown}` };
  }
  const values = parsed.data;
  const relyingPartyId = values.WEBAUTHN_RP_ID ?? new URL(values.WALLET_ORIGINS[0] ?? '').hostname;
  const offSite = values.WALLET_ORIGINS.find((origin) => !isOnHost(origin, relyingPartyId));
  if (offSite !== undefined) {
    return {
      ok: false,
      error: `Invalid configuration: WEBAUTHN_RP_ID ${JSON.stringify(relyingPartyId)} is not the host of the wallet origin ${offSite} or a parent of it`,
    };
  }
  const pointValue = parseDecimal(values.POINT_VALUE);
  if (isDecimalError(pointValue))
    return { ok: false, error: `Invalid configuration: POINT_VALUE ${pointValue.detail}` };
  return {
    ok: true,
    config: {
      databaseUrl: values.DATABASE_URL,
      databaseAuthToken: values.DATABASE_AUTH_TOKEN,
      databaseSynchronous: values.DATABASE_SYNCHRONOUS,
      host: values.HOST,
      port: values.PORT,
      tokenIssuer: values.TOKEN_ISSUER,
      tokenAudience: values.TOKEN_AUDIENCE,
      referenceCurrency: values.REFERENCE_CURRENCY,
      pointValue,
      pointValueText: values.POINT_VALUE,
      operatorTokenTtlSeconds: values.OPERATOR_TOKEN_TTL_SECONDS,
      memberTokenTtlSeconds: values.MEMBER_TOKEN_TTL_SECONDS,
      clockToleranceSeconds: values.CLOCK_TOLERANCE_SECONDS,
      fxMaxAgeHours: values.FX_MAX_AGE_HOURS,
      pointsExpiryMonths: values.POINTS_EXPIRY_MONTHS,
      expiryNoticeDays: values.EXPIRY_NOTICE_DAYS,
      eventRetentionDays: values.EVENT_RETENTION_DAYS,
      holdMaxDays: values.HOLD_MAX_DAYS,
      writeRetryLimit: values.WRITE_RETRY_LIMIT,
      maxPointsPerTransaction: values.MAX_POINTS_PER_TRANSACTION,
      pools: {
        householdMaxMembers: values.HOUSEHOLD_MAX_MEMBERS,
        householdLockoutDays: values.HOUSEHOLD_LOCKOUT_DAYS,
        friendsMaxMembers: values.FRIENDS_MAX_MEMBERS,
        friendPoolsPerMember: values.FRIEND_POOLS_PER_MEMBER,
        inviteDays: values.POOL_INVITE_DAYS,
      },
      rateLimitPerMinute: values.RATE_LIMIT_PER_MINUTE,
      requestTimeoutMs: values.REQUEST_TIMEOUT_MS,
      corsAllowedOrigins: values.CORS_ALLOWED_ORIGINS,
      members: {
        walletOrigins: values.WALLET_ORIGINS,
        relyingPartyId,
        relyingPartyName: values.WEBAUTHN_RP_NAME,
        sessionTokenTtlSeconds: values.MEMBER_SESSION_TTL_SECONDS,
        sessionDays: values.MEMBER_SESSION_DAYS,
        claimCodeDays: values.CLAIM_CODE_DAYS,
        claimGuessesPerHour: values.CLAIM_GUESSES_PER_HOUR,
        clientAddressHeader: values.CLIENT_ADDRESS_HEADER,
        presenceFromPoints: presenceFromPoints(values.MEMBER_PRESENCE),
        payCodeTtlSeconds: values.PAY_CODE_TTL_SECONDS,
        contactCapWeekly: values.CONTACT_CAP_WEEKLY,
      },
      reservationLapseHours: values.RESERVATION_LAPSE_HOURS,
      giftCardExpiryMonths: values.GIFT_CARD_EXPIRY_MONTHS,
      giftCardGuessLimit: values.GIFT_CARD_GUESS_LIMIT,
      selectionCloseBatch: values.SELECTION_CLOSE_BATCH,
      webhooks: {
        allowPrivateUrls: values.WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
        timeoutMs: values.WEBHOOK_TIMEOUT_MS,
        maxResponseBytes: values.WEBHOOK_MAX_RESPONSE_BYTES,
        disableAfterDays: values.WEBHOOK_DISABLE_AFTER_DAYS,
        dispatchIntervalMs: values.WEBHOOK_DISPATCH_INTERVAL_MS,
      },
      housekeepingIntervalMinutes: values.HOUSEKEEPING_INTERVAL_MINUTES,
      status: {
        window: values.QUALIFICATION_WINDOW,
        graceDays: values.STATUS_GRACE_DAYS,
        expiryNoticeDays: values.TIER_EXPIRY_NOTICE_DAYS,
        gapGift: {
          maxCredits: values.GAP_GIFT_MAX_CREDITS,
          at: values.GAP_GIFT_AT,
          pointsPerCredit: values.GAP_GIFT_POINTS_PER_CREDIT,
          memberCapYearly: values.GAP_GIFT_MEMBER_CAP_YEARLY,
          budgetYearly: values.GAP_GIFT_BUDGET_YEARLY,
        },
        goalGift: {
          maxPoints: values.GOAL_GIFT_MAX_POINTS,
          memberCapYearly: values.GOAL_GIFT_MEMBER_CAP_YEARLY,
          budgetYearly: values.GOAL_GIFT_BUDGET_YEARLY,
        },
      },
    },
  };
}

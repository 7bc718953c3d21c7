import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONFIG_VARIABLES, type Config, loadConfig } from '../src/config.js';
import { rational } from '../src/domain/rational.js';

function configOf(environment: Record<string, string | undefined>): Config {
  const loaded = loadConfig(environment);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.config;
}

describe('loadConfig defaults', () => {
  test('an empty environment gives every default', () => {
    expect(configOf({})).toEqual({
      databaseUrl: 'file:./data/tessera.db',
      databaseAuthToken: undefined,
      databaseSynchronous: 'FULL',
      host: '127.0.0.1',
      port: 8787,
      tokenIssuer: 'tessera',
      tokenAudience: 'tessera-api',
      referenceCurrency: 'EUR',
      pointValue: rational(1n, 100n),
      pointValueText: '0.01',
      operatorTokenTtlSeconds: 3600,
      memberTokenTtlSeconds: 3600,
      clockToleranceSeconds: 30,
      fxMaxAgeHours: 48,
      pointsExpiryMonths: 36,
      expiryNoticeDays: 90,
      eventRetentionDays: 30,
      holdMaxDays: 90,
      writeRetryLimit: 8,
      maxPointsPerTransaction: 1_000_000_000,
      pools: {
        householdMaxMembers: 8,
        householdLockoutDays: 180,
        friendsMaxMembers: 10,
        friendPoolsPerMember: 3,
        inviteDays: 7,
      },
      rateLimitPerMinute: 6000,
      requestTimeoutMs: 10_000,
      corsAllowedOrigins: [],
      members: {
        walletOrigins: ['http://localhost:8787'],
        relyingPartyId: 'localhost',
        relyingPartyName: 'Tessera',
        presenceFromPoints: undefined,
        payCodeTtlSeconds: 120,
        contactCapWeekly: 2,
        sessionTokenTtlSeconds: 900,
        sessionDays: 30,
        claimCodeDays: 30,
        claimGuessesPerHour: 10,
        clientAddressHeader: undefined,
      },
      reservationLapseHours: 72,
      giftCardExpiryMonths: 0,
      giftCardGuessLimit: 10,
      selectionCloseBatch: 50,
      webhooks: {
        allowPrivateUrls: false,
        timeoutMs: 15_000,
        maxResponseBytes: 65_536,
        disableAfterDays: 5,
        dispatchIntervalMs: 1000,
      },
      housekeepingIntervalMinutes: 60,
      status: {
        window: 'calendar_year',
        graceDays: 30,
        expiryNoticeDays: 30,
        gapGift: {
          maxCredits: 50,
          at: 'window_end',
          pointsPerCredit: 1,
          memberCapYearly: 200,
          budgetYearly: 1_000_000,
        },
        goalGift: { maxPoints: 50, memberCapYearly: 200, budgetYearly: 1_000_000 },
      },
    });
  });

  test('an empty value means the default, as shells and .env files often leave them', () => {
    expect(configOf({ PORT: '', REFERENCE_CURRENCY: '', DATABASE_AUTH_TOKEN: '' })).toEqual(configOf({}));
  });

  test('variables Tessera does not read are ignored', () => {
    expect(configOf({ PATH: '/usr/bin', NODE_ENV: 'test', port: 'abc' })).toEqual(configOf({}));
  });
});

describe('loadConfig reads every variable', () => {
  test.each([
    ['DATABASE_URL', 'libsql://tessera-acme.turso.io', 'databaseUrl', 'libsql://tessera-acme.turso.io'],
    ['DATABASE_URL', 'file::memory:', 'databaseUrl', 'file::memory:'],
    ['DATABASE_AUTH_TOKEN', 'secret-token', 'databaseAuthToken', 'secret-token'],
    ['DATABASE_SYNCHRONOUS', 'NORMAL', 'databaseSynchronous', 'NORMAL'],
    ['HOST', '0.0.0.0', 'host', '0.0.0.0'],
    ['PORT', '0', 'port', 0],
    ['PORT', '1', 'port', 1],
    ['PORT', '65535', 'port', 65_535],
    ['TOKEN_ISSUER', 'https://tessera.example', 'tokenIssuer', 'https://tessera.example'],
    ['TOKEN_AUDIENCE', 'acme-coalition', 'tokenAudience', 'acme-coalition'],
    ['REFERENCE_CURRENCY', 'USD', 'referenceCurrency', 'USD'],
    ['POINT_VALUE', '0.005', 'pointValue', rational(1n, 200n)],
    ['POINT_VALUE', '0.005', 'pointValueText', '0.005'],
    ['OPERATOR_TOKEN_TTL_SECONDS', '60', 'operatorTokenTtlSeconds', 60],
    ['MEMBER_TOKEN_TTL_SECONDS', '86400', 'memberTokenTtlSeconds', 86_400],
    ['CLOCK_TOLERANCE_SECONDS', '0', 'clockToleranceSeconds', 0],
    ['FX_MAX_AGE_HOURS', '24', 'fxMaxAgeHours', 24],
    ['POINTS_EXPIRY_MONTHS', '12', 'pointsExpiryMonths', 12],
    ['HOLD_MAX_DAYS', '730', 'holdMaxDays', 730],
    ['WRITE_RETRY_LIMIT', '1', 'writeRetryLimit', 1],
    ['CORS_ALLOWED_ORIGINS', 'https://app.example.com', 'corsAllowedOrigins', ['https://app.example.com']],
    [
      'CORS_ALLOWED_ORIGINS',
      'https://app.example.com, http://localhost:5173',
      'corsAllowedOrigins',
      ['https://app.example.com', 'http://localhost:5173'],
    ],
  ] as const)('%s=%s sets %s', (name, value, key, expected) => {
    expect(configOf({ [name]: value })[key]).toEqual(expected);
  });

  test.each([
    ['WEBHOOK_ALLOW_PRIVATE_URLS', 'true', 'allowPrivateUrls', true],
    ['WEBHOOK_TIMEOUT_MS', '30000', 'timeoutMs', 30_000],
    ['WEBHOOK_MAX_RESPONSE_BYTES', '0', 'maxResponseBytes', 0],
    ['WEBHOOK_DISABLE_AFTER_DAYS', '3', 'disableAfterDays', 3],
    ['WEBHOOK_DISPATCH_INTERVAL_MS', '0', 'dispatchIntervalMs', 0],
  ] as const)('%s=%s sets webhooks.%s', (name, value, key, expected) => {
    expect(configOf({ [name]: value }).webhooks[key]).toEqual(expected);
  });

  test("HOUSEKEEPING_INTERVAL_MINUTES=0 turns the Node server's housekeeping off", () => {
    expect(configOf({ HOUSEKEEPING_INTERVAL_MINUTES: '0' }).housekeepingIntervalMinutes).toBe(0);
  });
});

describe('loadConfig reads the member settings', () => {
  test.each([
    [
      'WALLET_ORIGINS',
      'https://wallet.example, https://app.wallet.example',
      'walletOrigins',
      ['https://wallet.example', 'https://app.wallet.example'],
    ],
    ['WALLET_ORIGINS', 'https://app.wallet.example', 'relyingPartyId', 'app.wallet.example'],
    ['WEBAUTHN_RP_NAME', 'Coalition', 'relyingPartyName', 'Coalition'],
    ['MEMBER_PRESENCE', 'always', 'presenceFromPoints', 1],
    ['MEMBER_PRESENCE', '500', 'presenceFromPoints', 500],
    ['MEMBER_PRESENCE', 'never', 'presenceFromPoints', undefined],
    ['PAY_CODE_TTL_SECONDS', '60', 'payCodeTtlSeconds', 60],
    ['CONTACT_CAP_WEEKLY', '0', 'contactCapWeekly', 0],
    ['CONTACT_CAP_WEEKLY', '7', 'contactCapWeekly', 7],
    ['MEMBER_SESSION_TTL_SECONDS', '300', 'sessionTokenTtlSeconds', 300],
    ['MEMBER_SESSION_DAYS', '7', 'sessionDays', 7],
    ['CLAIM_CODE_DAYS', '90', 'claimCodeDays', 90],
    ['CLAIM_GUESSES_PER_HOUR', '3', 'claimGuessesPerHour', 3],
    ['CLIENT_ADDRESS_HEADER', 'x-forwarded-for', 'clientAddressHeader', 'x-forwarded-for'],
  ] as const)('%s=%s sets %s', (name, value, key, expected) => {
    expect(configOf({ [name]: value }).members[key]).toEqual(expected);
  });

  test('WEBAUTHN_RP_ID may name a parent of every wallet origin, never a host beside one', () => {
    const origins = 'https://wallet.example, https://app.wallet.example';
    expect(
      configOf({ WALLET_ORIGINS: origins, WEBAUTHN_RP_ID: 'wallet.example' }).members.relyingPartyId,
    ).toBe('wallet.example');
    expect(
      loadConfig({ WALLET_ORIGINS: 'https://wallet.example, https://wallet.example.org' }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /^Invalid configuration: WEBAUTHN_RP_ID "wallet.example" .*wallet.example.org/,
      ),
    });
    expect(loadConfig({ WALLET_ORIGINS: origins, WEBAUTHN_RP_ID: 'app.wallet.example' })).toMatchObject({
      ok: false,
    });
  });

  test.each([
    ['WALLET_ORIGINS', 'wallet.example'],
    ['MEMBER_SESSION_TTL_SECONDS', '3601'],
    ['MEMBER_SESSION_DAYS', '0'],
    ['CLAIM_GUESSES_PER_HOUR', '0'],
    ['CLIENT_ADDRESS_HEADER', 'X-Forwarded-For'],
  ])('%s=%s is refused', (name, value) => {
    expect(loadConfig({ [name]: value })).toMatchObject({
      ok: false,
      error: expect.stringMatching(new RegExp(`^Invalid configuration: ${name} `)),
    });
  });

  test.each([
    ['QUALIFICATION_WINDOW', 'rolling_12_months', { window: 'rolling_12_months' }],
    ['STATUS_GRACE_DAYS', '0', { graceDays: 0 }],
    ['TIER_EXPIRY_NOTICE_DAYS', '60', { expiryNoticeDays: 60 }],
    ['GAP_GIFT_MAX_CREDITS', '500', { gapGift: expect.objectContaining({ maxCredits: 500 }) }],
    ['GAP_GIFT_AT', 'any_earn', { gapGift: expect.objectContaining({ at: 'any_earn' }) }],
    ['GAP_GIFT_POINTS_PER_CREDIT', '0', { gapGift: expect.objectContaining({ pointsPerCredit: 0 }) }],
    ['GAP_GIFT_MEMBER_CAP_YEARLY', '100', { gapGift: expect.objectContaining({ memberCapYearly: 100 }) }],
    ['GAP_GIFT_BUDGET_YEARLY', '5000', { gapGift: expect.objectContaining({ budgetYearly: 5000 }) }],
    ['GOAL_GIFT_MAX_POINTS', '80', { goalGift: expect.objectContaining({ maxPoints: 80 }) }],
    ['GOAL_GIFT_MEMBER_CAP_YEARLY', '90', { goalGift: expect.objectContaining({ memberCapYearly: 90 }) }],
    ['GOAL_GIFT_BUDGET_YEARLY', '900', { goalGift: expect.objectContaining({ budgetYearly: 900 }) }],
  ] as const)('%s=%s sets the status settings', (name, value, expected) => {
    expect(configOf({ [name]: value }).status).toMatchObject(expected);
  });
});

describe('loadConfig refuses a bad value with one line naming the variable', () => {
  test.each([
    ['DATABASE_URL', 'postgres://x'],
    ['DATABASE_URL', './data/tessera.db'],
    ['DATABASE_SYNCHRONOUS', 'OFF'],
    ['DATABASE_SYNCHRONOUS', 'normal'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', '8e3'],
    ['REFERENCE_CURRENCY', 'XYZ'],
    ['REFERENCE_CURRENCY', 'eur'],
    ['REFERENCE_CURRENCY', 'XAU'],
    ['POINT_VALUE', '0'],
    ['POINT_VALUE', '0.000'],
    ['POINT_VALUE', 'abc'],
    ['POINT_VALUE', '-0.01'],
    ['POINT_VALUE', '.01'],
    ['POINT_VALUE', '1e-2'],
    ['OPERATOR_TOKEN_TTL_SECONDS', '59'],
    ['MEMBER_TOKEN_TTL_SECONDS', '86401'],
    ['CLOCK_TOLERANCE_SECONDS', '121'],
    ['FX_MAX_AGE_HOURS', '0'],
    ['POINTS_EXPIRY_MONTHS', '601'],
    ['HOLD_MAX_DAYS', '0'],
    ['CONTACT_CAP_WEEKLY', '1001'],
    ['CONTACT_CAP_WEEKLY', 'two'],
    ['WRITE_RETRY_LIMIT', '51'],
    ['QUALIFICATION_WINDOW', 'rolling'],
    ['STATUS_GRACE_DAYS', '367'],
    ['TIER_EXPIRY_NOTICE_DAYS', '-1'],
    ['GAP_GIFT_MAX_CREDITS', '1.5'],
    ['GAP_GIFT_AT', 'never'],
    ['GAP_GIFT_POINTS_PER_CREDIT', '101'],
    ['GAP_GIFT_MEMBER_CAP_YEARLY', 'abc'],
    ['GAP_GIFT_BUDGET_YEARLY', '-5'],
    ['GOAL_GIFT_MAX_POINTS', '-1'],
    ['GOAL_GIFT_BUDGET_YEARLY', '1.5'],
    ['CORS_ALLOWED_ORIGINS', '*'],
    ['CORS_ALLOWED_ORIGINS', 'app.example.com'],
    ['CORS_ALLOWED_ORIGINS', 'https://app.example.com/'],
    ['CORS_ALLOWED_ORIGINS', 'https://app.example.com/wallet'],
    ['CORS_ALLOWED_ORIGINS', 'https://app.example.com,ftp://files.example.com'],
    ['WEBHOOK_ALLOW_PRIVATE_URLS', 'yes'],
    ['WEBHOOK_TIMEOUT_MS', '99'],
    ['WEBHOOK_TIMEOUT_MS', '60001'],
    ['WEBHOOK_MAX_RESPONSE_BYTES', '-1'],
    ['WEBHOOK_DISABLE_AFTER_DAYS', '0'],
    ['WEBHOOK_DISPATCH_INTERVAL_MS', '1.5'],
    ['HOUSEKEEPING_INTERVAL_MINUTES', 'hourly'],
  ])('%s=%s', (name, value) => {
    const loaded = loadConfig({ [name]: value });
    expect(loaded.ok).toBe(false);
    const error = loaded.ok ? '' : loaded.error;
    expect(error).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    // A database URL may carry credentials, so its value is never echoed; others are.
    if (name === 'DATABASE_URL') expect(error).not.toContain(value);
    else expect(error).toContain(JSON.stringify(value));
    expect(error).not.toContain('\n');
  });

  test('a value with a line break is still reported on one line', () => {
    const loaded = loadConfig({ PORT: '80\n81' });
    expect(loaded).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid configuration: PORT [^\n]*"80\\n81"/),
    });
  });

  test('a very long value is shortened in the message', () => {
    const loaded = loadConfig({ DATABASE_URL: `postgres://${'x'.repeat(500)}` });
    expect(loaded.ok ? '' : loaded.error.length).toBeLessThan(200);
  });
});

test('the README configuration table names every variable Tessera reads', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
  const table = /## Configuration\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
  const documented = new Set(
    [...table.matchAll(/^\|[^|]*/gm)].flatMap((row) => row[0].match(/[A-Z][A-Z_]+/g) ?? []),
  );
  expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  expect(CONFIG_VARIABLES.length).toBeGreaterThan(30);
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import {
  buildNetworkKeySet,
  generateNetworkKey,
  type NetworkKeySet,
  parseNetworkKeySecret,
} from './auth/network-keys.js';
import { PARTNER_ALGORITHMS, type PartnerAlgorithm, TOKEN_TYPES } from './auth/principal.js';
import { signNetworkToken } from './auth/tokens.js';
import { type Config, loadConfig } from './config.js';
import { applyMigrations, openLibsqlDatabase } from './db/libsql.js';
import { isDomainError } from './domain/errors.js';
import { sweepExpiredPoints } from './ledger/expiry.js';
import { buildNodeDependencies, type NodeDependencies } from './node-dependencies.js';
import { closePeriod } from './settlement/close.js';
import { describeSettlement } from './settlement/describe.js';

const USAGE = `Usage: npm run -s cli -- <command>

  token operator                      print an operator token
  token member <memberId>             print a member token
  token partner <partnerId> <keyFile> print a partner token signed with the private JWK in keyFile
                                      (a partner's own systems do this; handy for trying the API)
  keygen [ES256|EdDSA]                print a new partner key pair as JSON (keep privateJwk, register publicJwk)
  keygen network                      print a new network signing key (the NETWORK_SIGNING_KEYS secret of a Worker)
  migrate                             apply database migrations

  With NETWORK_SIGNING_KEYS set, tokens are signed with that key (as a Worker verifies them)
  instead of the key kept in the database.
  expire                              move expired points to breakage and lapse expired holds (idempotent)
  settle [fxSnapshotId]               close the open settlement period and print the settlement id and totals`;

type Command = (args: string[], config: Config) => Promise<string>;

const commands: Record<string, Command> = {
  token: async ([kind, subject, keyFile], config) => {
    if (kind === 'operator') return networkToken(config, 'operator', 'operator');
    if (kind === 'member' && subject) return networkToken(config, 'member', subject);
    if (kind === 'partner' && subject && keyFile) return partnerToken(subject, keyFile, config);
    throw new UsageError();
  },
  keygen: async ([algorithm = 'ES256']) => {
    if (algorithm === 'network') {
      const record = await generateNetworkKey(
        `net_${new Date().toISOString().slice(0, 10).replaceAll('-', '')}_${crypto.randomUUID().slice(0, 8)}`,
      );
      return JSON.stringify(record.privateJwk);
    }
    if (!(PARTNER_ALGORITHMS as readonly string[]).includes(algorithm))
      throw new UsageError(`algorithm must be ${PARTNER_ALGORITHMS.join(' or ')}`);
    return JSON.stringify(await partnerKeyPair(algorithm as PartnerAlgorithm), null, 2);
  },
  migrate: async (_args, config) => {
    const { client, db } = await openLibsqlDatabase({
      url: config.databaseUrl,
      authToken: config.databaseAuthToken,
    });
    try {
      await applyMigrations(db);
    } finally {
      client.close();
    }
    return `Migrations applied to ${redactUrl(config.databaseUrl)}`;
  },
  expire: async (_args, config) =>
    withDependencies(config, async (deps) => {
      const result = await sweepExpiredPoints(deps);
      return `Expired ${result.pointsExpired} points in ${result.lotsExpired} lots; ${result.holdsExpired} holds lapsed.`;
    }),
  settle: async ([fxSnapshotId], config) =>
    withDependencies(config, async (deps) => {
      const outcome = await closePeriod(deps, { fxSnapshotId });
      if (isDomainError(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
      return describeSettlement(outcome.status, outcome.settlement.document);
    }),
};

class UsageError extends Error {}

async function withDependencies(
  config: Config,
  use: (deps: NodeDependencies) => Promise<string>,
): Promise<string> {
  const deps = await buildNodeDependencies(config);
  try {
    return await use(deps);
  } finally {
    deps.client.close();
  }
}

/** Signs with NETWORK_SIGNING_KEYS when set (the Worker's key), else with the database's key. */
async function networkToken(config: Config, kind: 'operator' | 'member', subject: string): Promise<string> {
  const secret = process.env.NETWORK_SIGNING_KEYS;
  if (secret !== undefined && secret !== '')
    return signWith(await buildNetworkKeySet(parseNetworkKeySecret(secret)), config, kind, subject);
  return withDependencies(config, (deps) => signWith(deps.networkKeys, config, kind, subject));
}

function signWith(
  keys: NetworkKeySet,
  config: Config,
  kind: 'operator' | 'member',
  subject: string,
): Promise<string> {
  return signNetworkToken(
    keys,
    {
      issuer: config.tokenIssuer,
      audience: config.tokenAudience,
      clockToleranceSeconds: config.clockToleranceSeconds,
    },
    {
      kind,
      subject,
      ttlSeconds: kind === 'operator' ? config.operatorTokenTtlSeconds : config.memberTokenTtlSeconds,
      nowMs: Date.now(),
    },
  );
}

export async function partnerKeyPair(algorithm: PartnerAlgorithm) {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, {
    extractable: true,
    ...(algorithm === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const kid = `key_${new Date().toISOString().slice(0, 10).replaceAll('-', '')}_${crypto.randomUUID().slice(0, 8)}`;
  const decorate = (jwk: JWK): JWK => ({ ...jwk, kid, alg: algorithm, use: 'sig' });
  return {
    kid,
    alg: algorithm,
    privateJwk: decorate(await exportJWK(privateKey)),
    publicJwk: decorate(await exportJWK(publicKey)),
  };
}

async function partnerToken(partnerId: string, keyFile: string, config: Config): Promise<string> {
  // npm runs scripts from the package folder; a relative path means the caller's folder.
  const parsed = JSON.parse(
    readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), keyFile), 'utf8'),
  ) as { privateJwk?: JWK } & JWK;
  const jwk = parsed.privateJwk ?? parsed;
  if (typeof jwk.kid !== 'string' || typeof jwk.alg !== 'string')
    throw new UsageError('the key file must hold a private JWK with kid and alg');
  const key = await importJWK(jwk, jwk.alg);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: TOKEN_TYPES.partner })
    .setIssuer(partnerId)
    .setAudience(config.tokenAudience)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (command === undefined) {
    console.error(USAGE);
    return 2;
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(loaded.error);
    return 1;
  }
  try {
    console.log(await command(args, loaded.config));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message ? `${error.message}\n\n${USAGE}` : USAGE);
      return 2;
    }
    console.error(`tessera: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importJWK, type JWK, SignJWT } from 'jose';
import { buildNetworkKeySet, type NetworkKeySet, parseNetworkKeySecret } from '../auth/network-keys.js';
import { PARTNER_TOKEN_MAX_LIFETIME_SECONDS, TOKEN_TYPES } from '../auth/principal.js';
import { signNetworkToken } from '../auth/tokens.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { openLibsqlDatabase } from '../db/libsql.js';
import { findMember } from '../db/members.js';
import { CommandError } from './arguments.js';
import type { CommandContext } from './commands.js';
import { redactUrl, withDependencies } from './dependencies.js';

export type NetworkTokenRequest =
  | { readonly kind: 'operator'; readonly networkKeyFile: string | undefined }
  | { readonly kind: 'member'; readonly memberId: string; readonly networkKeyFile: string | undefined };

/**
 * An operator or member token, signed with the database's network key (what the Node server
 * verifies with) or with the key in `networkKeyFile` (a Worker's NETWORK_SIGNING_KEYS). The key
 * is always chosen on the command line: a variable left set in the shell cannot switch it.
 */
export async function networkToken(context: CommandContext, request: NetworkTokenRequest): Promise<string> {
  const config = await context.config();
  const subject = request.kind === 'member' ? request.memberId : 'operator';
  if (request.networkKeyFile !== undefined) {
    const keys = await readNetworkKeyFile(context, request.networkKeyFile);
    if (request.kind === 'member') await withDatabase(config, (db) => requireEnrolled(db, config, subject));
    return sign(keys, config, request.kind, subject);
  }
  if (context.environment.NETWORK_SIGNING_KEYS)
    context.warn(
      "tessera: NETWORK_SIGNING_KEYS is set but not used: this token is signed with the database's key; pass --network-key <file> to sign with a Worker's key",
    );
  return withDependencies(config, async (deps) => {
    if (request.kind === 'member') await requireEnrolled(deps.db, config, subject);
    return sign(deps.networkKeys, config, request.kind, subject);
  });
}

function sign(keys: NetworkKeySet, config: Config, kind: 'operator' | 'member', subject: string) {
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

async function requireEnrolled(db: Database, config: Config, memberId: string): Promise<void> {
  const where = redactUrl(config.databaseUrl);
  const member = await findMember(db, memberId).catch((error: unknown) => {
    throw new CommandError(`tessera: cannot read the members of ${where}: ${messageOf(error)}`);
  });
  if (member === undefined)
    throw new CommandError(`tessera: no member ${JSON.stringify(memberId)} is enrolled in ${where}`);
}

/** The database without migrations or keys: enough to look a member up. */
async function withDatabase<T>(config: Config, use: (db: Database) => Promise<T>): Promise<T> {
  const { client, db } = await openLibsqlDatabase({
    url: config.databaseUrl,
    authToken: config.databaseAuthToken,
  });
  try {
    return await use(db);
  } finally {
    client.close();
  }
}

async function readNetworkKeyFile(context: CommandContext, file: string): Promise<NetworkKeySet> {
  const text = readKeyFile(context, file);
  try {
    return await buildNetworkKeySet(parseNetworkKeySecret(text));
  } catch (error) {
    throw new CommandError(`tessera: ${file} is not a network key (\`keygen network\`): ${messageOf(error)}`);
  }
}

/** A token as a partner's systems sign it: ES256 or EdDSA, its own kid, valid five minutes. */
export async function partnerToken(
  context: CommandContext,
  partnerId: string,
  file: string,
): Promise<string> {
  const config = await context.config();
  let jwk: JWK;
  try {
    const parsed = JSON.parse(readKeyFile(context, file)) as { privateJwk?: JWK } & JWK;
    jwk = parsed.privateJwk ?? parsed;
  } catch (error) {
    throw new CommandError(`tessera: ${file} is not JSON: ${messageOf(error)}`);
  }
  if (typeof jwk.kid !== 'string' || typeof jwk.alg !== 'string' || typeof jwk.d !== 'string')
    throw new CommandError(
      `tessera: ${file} must hold a private JWK with kid and alg (as \`keygen\` prints)`,
    );
  const key = await importJWK(jwk, jwk.alg);
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: TOKEN_TYPES.partner })
    .setIssuer(partnerId)
    .setAudience(config.tokenAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + PARTNER_TOKEN_MAX_LIFETIME_SECONDS)
    .sign(key);
}

/** npm runs scripts from the package folder; a relative path means the caller's folder. */
function readKeyFile(context: CommandContext, file: string): string {
  try {
    return readFileSync(resolve(context.workingDirectory, file), 'utf8');
  } catch (error) {
    throw new CommandError(`tessera: cannot read ${file}: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

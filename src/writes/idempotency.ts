import { and, eq, sql } from 'drizzle-orm';
import type { PrincipalKind } from '../auth/principal.js';
import type { BatchStatement, Database } from '../db/database.js';
import { preparedQuery } from '../db/prepared.js';
import { preparedInsert } from '../db/prepared-write.js';
import { idempotencyRecords } from '../db/schema/index.js';
import { type DomainError, domainError } from '../domain/errors.js';
import { sha256Hex } from '../domain/sha256.js';
import type { WriteOutcome, WritePlan } from './plan.js';

/** One principal's Idempotency-Key for one request: keys never collide across principals. */
export interface IdempotencyScope {
  readonly principalKind: PrincipalKind;
  readonly principalId: string;
  readonly key: string;
  /** The fingerprint of the request; the same key with another request is refused. */
  readonly requestHash: string;
}

/** The stored response of a write, in the write's own batch: a key can never post twice. */
const insertRecord = preparedInsert(idempotencyRecords);

export function recordResponseStatement<T>(
  db: Database,
  scope: IdempotencyScope,
  plan: WritePlan<T>,
  nowMs: number,
): BatchStatement {
  return insertRecord(db, {
    principalKind: scope.principalKind,
    principalId: scope.principalId,
    key: scope.key,
    requestHash: scope.requestHash,
    statusCode: plan.status,
    responseBody: JSON.stringify(plan.body),
    createdAt: nowMs,
  });
}

const storedQuery = preparedQuery((db) =>
  db
    .select()
    .from(idempotencyRecords)
    .where(
      and(
        eq(idempotencyRecords.principalKind, sql.placeholder('principalKind')),
        eq(idempotencyRecords.principalId, sql.placeholder('principalId')),
        eq(idempotencyRecords.key, sql.placeholder('key')),
      ),
    )
    .limit(1)
    .prepare(),
);

/** The answer stored for this key, if any; the key used with another request is refused. */
export async function storedOutcome<T>(
  db: Database,
  scope: IdempotencyScope,
): Promise<WriteOutcome<T> | DomainError<'idempotency_key_reused'> | undefined> {
  const [record] = await storedQuery(db).all({
    principalKind: scope.principalKind,
    principalId: scope.principalId,
    key: scope.key,
  });
  if (record === undefined) return undefined;
  if (record.requestHash !== scope.requestHash) {
    return domainError(
      'idempotency_key_reused',
      `The Idempotency-Key "${scope.key}" was first used with a different request.`,
    );
  }
  return {
    status: record.statusCode === 201 ? 201 : 200,
    body: JSON.parse(record.responseBody) as T,
    replayed: true,
  };
}

/** A stable fingerprint of a request: method, path and the JSON body with keys sorted. */
export async function requestFingerprint(method: string, path: string, body: unknown): Promise<string> {
  return sha256Hex(`${method} ${path}\n${canonicalJson(body)}`);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

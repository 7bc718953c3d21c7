import { and, eq, sql } from 'drizzle-orm';
import {
  type BatchStatement,
  type Database,
  isConstraintFailure,
  runBatch,
  WriteConflict,
} from '../db/database.js';
import { preparedQuery } from '../db/prepared.js';
import { idempotencyRecords } from '../db/schema/index.js';
import { type DomainError, domainError, isDomainError } from '../domain/errors.js';
import { sha256Hex } from '../domain/sha256.js';

/** What a write will do if it commits: the response it answers and the statements of its one batch. */
export interface WritePlan<T> {
  readonly status: 200 | 201;
  readonly body: T;
  readonly statements: BatchStatement[];
}

export interface IdempotentOutcome<T> {
  readonly status: 200 | 201;
  readonly body: T;
  /** True when this is the stored response of an earlier request with the same key. */
  readonly replayed: boolean;
}

export interface IdempotencyScope {
  readonly partnerId: string;
  readonly key: string;
  readonly requestHash: string;
  readonly nowMs: number;
  readonly retryLimit: number;
}

/**
 * Runs a partner write exactly once per (partner, Idempotency-Key). The stored response is
 * written in the same batch as the write, so a key can never post twice: a duplicate, earlier or
 * concurrent, fails on the key's primary key and answers the stored response. A batch refused by
 * a guard (another write changed what this one was planned on) is planned again from fresh reads,
 * a bounded number of times. A refused request stores nothing, so its retry is judged afresh.
 *
 * A new key is the common case, so the stored response is looked up only when the write cannot
 * go ahead (the plan is refused, or the batch fails on a constraint), not before every write:
 * planning is free of side effects, and a refusal is answered only once no stored response exists.
 */
export async function runIdempotentWrite<T>(
  db: Database,
  scope: IdempotencyScope,
  plan: (idempotencyKey: string) => Promise<WritePlan<T> | DomainError>,
): Promise<IdempotentOutcome<T> | DomainError> {
  for (let attempt = 0; attempt < scope.retryLimit; attempt += 1) {
    let planned: WritePlan<T> | DomainError;
    try {
      planned = await plan(scope.key);
    } catch (error) {
      // Reads that disagree because a write landed between them: plan again.
      if (error instanceof WriteConflict) continue;
      throw error;
    }
    if (isDomainError(planned)) return (await storedOutcome<T>(db, scope)) ?? planned;
    const record = db.insert(idempotencyRecords).values({
      partnerId: scope.partnerId,
      key: scope.key,
      requestHash: scope.requestHash,
      statusCode: planned.status,
      responseBody: JSON.stringify(planned.body),
      createdAt: scope.nowMs,
    });
    try {
      await runBatch(db, [record, ...planned.statements]);
      return { status: planned.status, body: planned.body, replayed: false };
    } catch (error) {
      if (!isConstraintFailure(error)) throw error;
      const concurrent = await storedOutcome<T>(db, scope);
      if (concurrent !== undefined) return concurrent;
    }
  }
  return domainError(
    'write_conflict',
    `The write conflicted with concurrent writes ${scope.retryLimit} times; retry it with the same Idempotency-Key.`,
  );
}

const storedQuery = preparedQuery((db) =>
  db
    .select()
    .from(idempotencyRecords)
    .where(
      and(
        eq(idempotencyRecords.partnerId, sql.placeholder('partnerId')),
        eq(idempotencyRecords.key, sql.placeholder('key')),
      ),
    )
    .limit(1)
    .prepare(),
);

async function storedOutcome<T>(
  db: Database,
  scope: IdempotencyScope,
): Promise<IdempotentOutcome<T> | DomainError | undefined> {
  const [record] = await storedQuery(db).all({ partnerId: scope.partnerId, key: scope.key });
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

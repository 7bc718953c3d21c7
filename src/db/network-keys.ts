import { asc } from 'drizzle-orm';
import type { JWK } from 'jose';
import { generateNetworkKey, type NetworkKeyRecord } from '../auth/network-keys.js';
import type { Database } from './database.js';
import { networkKeys } from './schema/index.js';

/** The kid of the key the first start creates; later keys are added by rotation. */
export const FIRST_NETWORK_KID = 'net_1';

/**
 * The network keys kept in the database (the Node default). The first start creates one under a
 * fixed kid, so when two processes start together one insert wins and both load the same key.
 */
export async function loadOrCreateNetworkKeys(db: Database, now: number): Promise<NetworkKeyRecord[]> {
  const existing = await readNetworkKeys(db);
  if (existing.length > 0) return existing;
  const record = await generateNetworkKey(FIRST_NETWORK_KID);
  await db
    .insert(networkKeys)
    .values({
      kid: record.kid,
      algorithm: 'ES256',
      privateJwk: JSON.stringify(record.privateJwk),
      publicJwk: JSON.stringify(record.publicJwk),
      createdAt: now,
    })
    .onConflictDoNothing();
  return readNetworkKeys(db);
}

async function readNetworkKeys(db: Database): Promise<NetworkKeyRecord[]> {
  const rows = await db.select().from(networkKeys).orderBy(asc(networkKeys.createdAt), asc(networkKeys.kid));
  return rows.map((row) => ({
    kid: row.kid,
    privateJwk: JSON.parse(row.privateJwk) as JWK,
    publicJwk: JSON.parse(row.publicJwk) as JWK,
    retired: row.retiredAt !== null,
  }));
}

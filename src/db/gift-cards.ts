import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { giftCardGuesses, giftCardMovements, giftCards } from './schema/index.js';

export type GiftCardRow = typeof giftCards.$inferSelect;
export type GiftCardMovementRow = typeof giftCardMovements.$inferSelect;

export async function findGiftCardByCodeHash(
  db: Database,
  codeHash: string,
): Promise<GiftCardRow | undefined> {
  const [row] = await db.select().from(giftCards).where(eq(giftCards.codeHash, codeHash)).limit(1);
  return row;
}

export async function findGiftCard(db: Database, giftCardId: string): Promise<GiftCardRow | undefined> {
  const [row] = await db.select().from(giftCards).where(eq(giftCards.id, giftCardId)).limit(1);
  return row;
}

export async function giftCardsOfMember(db: Database, memberId: string): Promise<GiftCardRow[]> {
  return db.select().from(giftCards).where(eq(giftCards.memberId, memberId)).orderBy(desc(giftCards.id));
}

/** A spend by this partner; another partner's is not found. */
export async function findPartnerSpend(
  db: Database,
  partnerId: string,
  spendId: string,
): Promise<GiftCardMovementRow | undefined> {
  const [row] = await db
    .select()
    .from(giftCardMovements)
    .where(
      and(
        eq(giftCardMovements.id, spendId),
        eq(giftCardMovements.partnerId, partnerId),
        eq(giftCardMovements.kind, 'spend'),
      ),
    )
    .limit(1);
  return row;
}

export async function guessFailures(db: Database, partnerId: string, hour: number): Promise<number> {
  const [row] = await db
    .select({ failures: giftCardGuesses.failures })
    .from(giftCardGuesses)
    .where(and(eq(giftCardGuesses.partnerId, partnerId), eq(giftCardGuesses.hour, hour)))
    .limit(1);
  return row?.failures ?? 0;
}

/** Per currency: cards, what they were issued for, what is left on live cards and on expired ones. */
export async function giftCardLiability(db: Database, nowMs: number) {
  return (await db.all(sql`
    SELECT currency,
      COUNT(*) AS cards,
      SUM(issued_minor) AS issuedMinor,
      SUM(CASE WHEN expires_at IS NULL OR expires_at > ${nowMs} THEN balance_minor ELSE 0 END) AS outstandingMinor,
      SUM(CASE WHEN expires_at IS NOT NULL AND expires_at <= ${nowMs} THEN balance_minor ELSE 0 END) AS expiredMinor,
      SUM(points) AS points
    FROM gift_cards GROUP BY currency ORDER BY currency`)) as {
    currency: string;
    cards: number;
    issuedMinor: number;
    outstandingMinor: number;
    expiredMinor: number;
    points: number;
  }[];
}

/** Per currency: what cards bought at partners and what partners refunded onto them. */
export async function giftCardMoneyMoved(db: Database) {
  return (await db.all(sql`
    SELECT currency, kind, SUM(amount_minor) AS amountMinor, SUM(movements) AS movements
    FROM settlement_money_totals GROUP BY currency, kind ORDER BY currency, kind`)) as {
    currency: string;
    kind: string;
    amountMinor: number;
    movements: number;
  }[];
}

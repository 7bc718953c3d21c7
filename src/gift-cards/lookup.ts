import { sql } from 'drizzle-orm';
import { findGiftCardByCodeHash, type GiftCardRow, guessFailures } from '../db/gift-cards.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError } from '../domain/errors.js';
import { giftCardCodeHash, normalizeGiftCardCode } from '../domain/gift-cards/code.js';
import { runWrite } from '../writes/run.js';

export const LOOKUP_REFUSALS = ['gift_card_not_found', 'gift_card_guesses_exceeded'] as const;
type LookupRefusal = DomainError<(typeof LOOKUP_REFUSALS)[number]>;

const HOUR_MS = 3_600_000;

/**
 * The card a partner's till names by its code. Every code that names no card counts as a failed
 * guess for that partner in the current hour; past `GIFT_CARD_GUESS_LIMIT` failures, every look-up
 * of that partner is refused until the hour ends, valid codes included, so that guessing cannot go on
 * beside honest use. The count is kept in the database, so it holds across processes and isolates.
 */
export async function lookUpGiftCard(
  context: LedgerContext,
  partnerId: string,
  code: string,
): Promise<GiftCardRow | LookupRefusal> {
  const hour = Math.floor(context.clock() / HOUR_MS);
  const limit = context.config.giftCardGuessLimit;
  if ((await guessFailures(context.db, partnerId, hour)) >= limit)
    return guessesExceeded(limit, hour, context.clock());
  const normalized = normalizeGiftCardCode(code);
  const card =
    normalized === undefined
      ? undefined
      : await findGiftCardByCodeHash(context.db, await giftCardCodeHash(normalized));
  if (card !== undefined) return card;
  await runWrite(
    context.db,
    { retryLimit: context.config.writeRetryLimit, nowMs: context.clock() },
    async () => ({
      status: 200,
      body: null,
      statements: [
        context.db.run(sql`INSERT INTO gift_card_guesses (partner_id, hour, failures) VALUES (${partnerId}, ${hour}, 1)
        ON CONFLICT (partner_id, hour) DO UPDATE SET failures = failures + 1`),
      ],
    }),
  );
  return domainError('gift_card_not_found', 'No gift card has this code.');
}

function guessesExceeded(limit: number, hour: number, nowMs: number): LookupRefusal {
  const retryAfterSeconds = Math.max(1, Math.ceil(((hour + 1) * HOUR_MS - nowMs) / 1000));
  return domainError(
    'gift_card_guesses_exceeded',
    `More than ${limit} unknown gift card codes this hour; look-ups resume at ${new Date((hour + 1) * HOUR_MS).toISOString()}.`,
    { retryAfterSeconds, resumesAt: new Date((hour + 1) * HOUR_MS).toISOString() },
  );
}

/** A lot as the allocation rules see it. */
export interface LotBalance {
  readonly id: string;
  readonly issuerPartnerId: string;
  readonly pointsRemaining: number;
  readonly expiresAt: number;
}

export interface LotDraw {
  readonly lotId: string;
  readonly issuerPartnerId: string;
  readonly points: number;
}

/** Orders lots first-expiring-first; ties by id, so the order is stable. */
export function byExpiry(a: LotBalance, b: LotBalance): number {
  return a.expiresAt - b.expiresAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Takes `points` from the lots in the order given (callers sort them). Returns the draws, or
 * undefined when the lots do not hold enough.
 */
export function drawFromLots(lots: readonly LotBalance[], points: number): LotDraw[] | undefined {
  const draws: LotDraw[] = [];
  let missing = points;
  for (const lot of lots) {
    if (missing === 0) break;
    const taken = Math.min(lot.pointsRemaining, missing);
    if (taken <= 0) continue;
    draws.push({ lotId: lot.id, issuerPartnerId: lot.issuerPartnerId, points: taken });
    missing -= taken;
  }
  return missing === 0 ? draws : undefined;
}

export function sumPoints(items: readonly { readonly pointsRemaining: number }[]): number {
  return items.reduce((total, item) => total + item.pointsRemaining, 0);
}

/** Lots still spendable at `nowMs`. */
export function spendableLots(lots: readonly LotBalance[], nowMs: number): LotBalance[] {
  return lots.filter((lot) => lot.pointsRemaining > 0 && lot.expiresAt > nowMs).sort(byExpiry);
}

/** The moment a lot credited at `fromMs` expires: the same UTC day and time, `months` later. */
export function addMonths(fromMs: number, months: number): number {
  const date = new Date(fromMs);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}

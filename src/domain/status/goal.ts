import { groupDigits } from './explain.js';

/**
 * Goal gifts: a member who saves for a catalogue item and comes within a few points of its price is
 * given the rest. The gap is given only when it is positive and within the network's maximum: a
 * member who can already afford the item is given nothing, one too far from it is left to earn.
 */
export function goalGap(pricePoints: number, balancePoints: number, maxGapPoints: number): number | null {
  const gap = pricePoints - balancePoints;
  return gap > 0 && gap <= maxGapPoints ? gap : null;
}

/** What the member is told: "We added the last 40 points — Cooking class is yours to book". */
export function goalGiftMessage(points: number, itemTitle: string): string {
  return `We added the last ${groupDigits(points)} points — ${itemTitle} is yours to book`;
}

import type { Api } from '../shared/api.js';
import type { EventPage } from './types.js';

/** How often the wallet asks the member's events feed what is new. */
export const POLL_INTERVAL_MS = 1000;
const PAGE = 500;

/**
 * Follows the member's own events feed (`GET /v1/events`, which a member token reads for that
 * member only) and calls `changed` when anything new arrives: an earn at any partner, a capture,
 * a redemption, a pool change. Polling, not server-sent events: a Worker cannot hold a stream open
 * across isolates for the database to push into, and polling the same feed works alike on Node and
 * Workers. Answers a function that stops it.
 */
export function followEvents(api: Api, changed: () => void): () => void {
  let cursor: string | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function page(after: string | undefined): Promise<EventPage> {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (after !== undefined) query.set('after', after);
    return api.get<EventPage>(`/v1/events?${query}`);
  }

  async function catchUp(): Promise<void> {
    // Start from the end of the feed: what happened before the wallet opened is already shown.
    for (;;) {
      const answer = await page(cursor);
      cursor = answer.nextCursor;
      if (answer.data.length < PAGE) return;
    }
  }

  async function poll(): Promise<void> {
    try {
      if (cursor === undefined) await catchUp();
      else {
        const answer = await page(cursor);
        cursor = answer.nextCursor;
        if (answer.data.length > 0) changed();
      }
    } catch {
      // Offline or signed out: try again at the next tick; the page shows its own errors.
    }
    if (!stopped) timer = setTimeout(poll, POLL_INTERVAL_MS);
  }

  void poll();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}

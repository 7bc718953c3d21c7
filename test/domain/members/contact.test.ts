import { describe, expect, test } from 'vitest';
import {
  CAP_WINDOW_MS,
  capFitsAt,
  consentScopes,
  localMinute,
  quietHoursEndAt,
} from '../../../src/domain/members/contact.js';

const at = (iso: string) => Date.parse(iso);

describe('consent scopes', () => {
  test('a partner the member decided nothing for has the defaults: the counter, not the person', () => {
    expect(consentScopes([])).toEqual({ profile: false, tier: true, balance: true, messages: false });
  });

  test('each decision overrides its scope only', () => {
    expect(
      consentScopes([
        { scope: 'tier', granted: false },
        { scope: 'messages', granted: true },
      ]),
    ).toEqual({ profile: false, tier: false, balance: true, messages: true });
  });
});

describe('the contact cap counts a rolling seven days', () => {
  const now = at('2026-11-23T09:00:00.000Z');

  test('with room, a message fits now', () => {
    expect(capFitsAt([now - 1000], 2, now)).toBe(now);
  });

  test('when full, the next fits when the oldest counted message leaves the window', () => {
    const first = now - 3 * 86_400_000;
    const second = now - 86_400_000;
    expect(capFitsAt([second, first], 2, now)).toBe(first + CAP_WINDOW_MS);
  });

  test('over a lowered cap, as many must leave as exceed it', () => {
    const times = [now - 5000, now - 4000, now - 3000];
    // Cap 1 with three in the window: room once the third oldest (the newest) has left too.
    expect(capFitsAt(times, 1, now)).toBe(now - 3000 + CAP_WINDOW_MS);
  });

  test('messages older than the window do not count', () => {
    expect(capFitsAt([now - CAP_WINDOW_MS, now - CAP_WINDOW_MS - 1], 1, now)).toBe(now);
  });

  test('a cap of 0 fits nothing, ever', () => {
    expect(capFitsAt([], 0, now)).toBeNull();
  });
});

describe('quiet hours, in the member’s time zone', () => {
  const prague = { fromMinute: 21 * 60, untilMinute: 8 * 60, timeZone: 'Europe/Prague' };

  test('reads the local clock of the zone', () => {
    expect(localMinute(at('2026-11-23T09:00:00.000Z'), 'Europe/Prague')).toBe(10 * 60);
    expect(localMinute(at('2026-11-23T09:00:00.000Z'), 'America/Los_Angeles')).toBe(1 * 60);
  });

  test('outside them there is no end to wait for', () => {
    expect(quietHoursEndAt(at('2026-11-23T09:00:00.000Z'), prague)).toBeUndefined();
  });

  test('over midnight, they end at the local morning', () => {
    // 22:30 in Prague (UTC+1 in winter); quiet until 08:00 the next day, 07:00 UTC.
    expect(quietHoursEndAt(at('2026-11-23T21:30:00.000Z'), prague)).toBe(at('2026-11-24T07:00:00.000Z'));
    // 00:15 local on the next day, the same end.
    expect(quietHoursEndAt(at('2026-11-23T23:15:00.000Z'), prague)).toBe(at('2026-11-24T07:00:00.000Z'));
  });

  test('their start and end are local: 21:00 in Prague is 20:00 UTC in winter, 19:00 in summer', () => {
    expect(quietHoursEndAt(at('2026-11-23T19:59:00.000Z'), prague)).toBeUndefined();
    expect(quietHoursEndAt(at('2026-11-23T20:00:00.000Z'), prague)).toBe(at('2026-11-24T07:00:00.000Z'));
    expect(quietHoursEndAt(at('2027-07-01T18:59:00.000Z'), prague)).toBeUndefined();
    expect(quietHoursEndAt(at('2027-07-01T19:00:00.000Z'), prague)).toBe(at('2027-07-02T06:00:00.000Z'));
  });

  test('when the clocks go forward inside them, they still end at the local time', () => {
    // Prague moves from 02:00 CET to 03:00 CEST on 28 March 2027; quiet 01:00-04:00.
    const night = { fromMinute: 60, untilMinute: 4 * 60, timeZone: 'Europe/Prague' };
    expect(quietHoursEndAt(at('2027-03-28T00:30:00.000Z'), night)).toBe(at('2027-03-28T02:00:00.000Z'));
  });

  test('within one day (13:00-14:00), an instant before 13:00 is not in them', () => {
    const lunch = { fromMinute: 13 * 60, untilMinute: 14 * 60, timeZone: 'Asia/Tokyo' };
    expect(quietHoursEndAt(at('2026-11-23T03:59:00.000Z'), lunch)).toBeUndefined();
    expect(quietHoursEndAt(at('2026-11-23T04:20:30.000Z'), lunch)).toBe(at('2026-11-23T05:00:00.000Z'));
  });
});

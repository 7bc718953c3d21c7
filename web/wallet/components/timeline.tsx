import { useWallet } from '../context.js';
import type { Me } from '../types.js';

const DAY_MS = 86_400_000;
const HORIZON_DAYS = 90;
const WIDTH = 320;
const HEIGHT = 120;
const AXIS_Y = 96;

/**
 * The points that expire in the next 90 days as a picture: a time axis from today, one bar per
 * expiry day, as tall as its share of the largest. `today` is the day the balance was read.
 */
export function ExpiryTimeline({ expiring, today }: { expiring: Me['expiringSoon']; today: string }) {
  const { t, format } = useWallet();
  const start = Date.parse(`${today}T00:00:00Z`);
  const largest = Math.max(1, ...expiring.map((each) => each.points));
  const x = (date: string) =>
    12 + ((Date.parse(`${date}T00:00:00Z`) - start) / (HORIZON_DAYS * DAY_MS)) * (WIDTH - 24);
  return (
    <figure class="timeline">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="timeline-title">
        <title id="timeline-title">{t('home.timeline')}</title>
        <line x1="12" y1={AXIS_Y} x2={WIDTH - 12} y2={AXIS_Y} class="axis" />
        {[0, 30, 60, 90].map((day) => {
          const tickX = 12 + (day / HORIZON_DAYS) * (WIDTH - 24);
          return <line key={day} x1={tickX} y1={AXIS_Y} x2={tickX} y2={AXIS_Y + 5} class="axis" />;
        })}
        <text x="12" y={HEIGHT - 4} class="label">
          {t('home.today')}
        </text>
        <text x={WIDTH - 12} y={HEIGHT - 4} class="label" text-anchor="end">
          {t('home.in90')}
        </text>
        {expiring.map((each) => {
          const barHeight = Math.max(4, (each.points / largest) * (AXIS_Y - 26));
          return (
            <g key={each.date}>
              <rect x={x(each.date) - 5} y={AXIS_Y - barHeight} width="10" height={barHeight} class="bar" />
              <text x={x(each.date)} y={AXIS_Y - barHeight - 4} class="value" text-anchor="middle">
                {format.points(each.points)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {expiring.length === 0 ? (
          t('home.expiringNone')
        ) : (
          <ul>
            {expiring.map((each) => (
              <li key={each.date}>
                {t('home.expiringOn', { points: format.points(each.points), date: format.date(each.date) })}
              </li>
            ))}
          </ul>
        )}
      </figcaption>
    </figure>
  );
}

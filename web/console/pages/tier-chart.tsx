/**
 * Members per tier as a bar chart drawn in SVG by Preact: one bar per tier, lowest first, its
 * length the share of the largest, the count written beside it. The table under it says the same
 * for whoever does not read the chart.
 */
export interface TierCount {
  readonly code: string | null;
  readonly name: string;
  readonly threshold: number | null;
  readonly members: number;
}

const ROW = 36;
const LABEL = 140;
const BAR = 420;
const COUNT = 80;

export function TierChart({ tiers }: { tiers: readonly TierCount[] }) {
  const largest = Math.max(1, ...tiers.map((tier) => tier.members));
  const width = LABEL + BAR + COUNT;
  const height = tiers.length * ROW + 8;
  return (
    <figure class="tier-chart">
      <svg
        role="img"
        aria-labelledby="tier-chart-title tier-chart-description"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
      >
        <title id="tier-chart-title">Members per tier</title>
        <desc id="tier-chart-description">
          {tiers.map((tier) => `${tier.name}: ${tier.members}`).join('; ')}
        </desc>
        {tiers.map((tier, row) => {
          const length = Math.round((tier.members / largest) * BAR);
          const y = row * ROW + 4;
          return (
            <g key={tier.code ?? 'none'}>
              <text x={LABEL - 8} y={y + ROW / 2} text-anchor="end" class="axis">
                {tier.name.slice(0, 18)}
              </text>
              <rect
                x={LABEL}
                y={y + 4}
                width={Math.max(length, 1)}
                height={ROW - 12}
                class={tier.code === null ? 'bar none' : 'bar'}
                data-members={tier.members}
              />
              <text x={LABEL + Math.max(length, 1) + 6} y={y + ROW / 2} class="count">
                {tier.members}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Members holding each tier now, as each status was last reviewed.</figcaption>
    </figure>
  );
}

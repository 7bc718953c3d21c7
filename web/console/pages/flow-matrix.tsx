/**
 * The partner-to-partner flow matrix as a heat map drawn in SVG: one row per issuing partner, one
 * column per redeeming partner, each cell shaded by the points that moved (darker: more), with
 * the points and their value written in the cell and in its title for a screen reader.
 */
export interface Flow {
  readonly issuerPartnerId: string;
  readonly redeemerPartnerId: string;
  readonly points: number;
  readonly value: { amount: string; currency: string };
}

const CELL = 92;
const LABEL = 150;

export function FlowMatrix({
  flows,
  names,
}: {
  flows: readonly Flow[];
  names: Readonly<Record<string, string>>;
}) {
  const partners = [
    ...new Set(flows.flatMap((flow) => [flow.issuerPartnerId, flow.redeemerPartnerId])),
  ].sort();
  if (partners.length === 0) return <p>No points moved between partners in this period.</p>;
  const largest = Math.max(1, ...flows.map((flow) => Math.abs(flow.points)));
  const cell = (issuer: string, redeemer: string) =>
    flows.find((flow) => flow.issuerPartnerId === issuer && flow.redeemerPartnerId === redeemer);
  const name = (id: string) => names[id] ?? id;
  const size = LABEL + partners.length * CELL;
  return (
    <figure class="flow-matrix">
      <svg
        role="img"
        aria-labelledby="flow-title flow-description"
        viewBox={`0 0 ${size} ${size}`}
        width={size}
        height={size}
      >
        <title id="flow-title">Partner-to-partner flows</title>
        <desc id="flow-description">
          Rows: the partner that issued the points. Columns: the partner where they were redeemed.
        </desc>
        {partners.map((redeemer, column) => (
          <text
            x={LABEL + column * CELL + CELL / 2}
            y={LABEL - 8}
            text-anchor="middle"
            class="axis"
            key={redeemer}
          >
            {name(redeemer).slice(0, 14)}
          </text>
        ))}
        {partners.map((issuer, row) => (
          <g key={issuer}>
            <text x={LABEL - 8} y={LABEL + row * CELL + CELL / 2} text-anchor="end" class="axis">
              {name(issuer).slice(0, 18)}
            </text>
            {partners.map((redeemer, column) => {
              const flow = cell(issuer, redeemer);
              const share = flow === undefined ? 0 : Math.abs(flow.points) / largest;
              const lightness = Math.round(96 - share * 62);
              return (
                <g key={redeemer}>
                  <rect
                    x={LABEL + column * CELL}
                    y={LABEL + row * CELL}
                    width={CELL - 2}
                    height={CELL - 2}
                    fill={`hsl(205 70% ${lightness}%)`}
                    data-points={flow?.points ?? 0}
                  >
                    <title>
                      {`${name(issuer)} → ${name(redeemer)}: ${flow?.points ?? 0} points${flow ? `, ${flow.value.amount} ${flow.value.currency}` : ''}`}
                    </title>
                  </rect>
                  {flow !== undefined && (
                    <text
                      x={LABEL + column * CELL + CELL / 2}
                      y={LABEL + row * CELL + CELL / 2}
                      text-anchor="middle"
                      class={lightness < 60 ? 'cell dark' : 'cell'}
                    >
                      {flow.points}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption>
        Points issued by the row's partner and redeemed at the column's, in this period.
      </figcaption>
    </figure>
  );
}

/**
 * A line chart over closed periods, drawn as SVG by Preact: one line per series, a zero line when
 * a series goes negative, and the same figures as a table for screen readers and for reading the
 * exact values. The API's figures are exact (integers of points, decimal strings of money); the
 * chart only turns them into numbers to place a dot, and the table shows them as the API wrote them.
 */
export interface Series {
  readonly name: string;
  /** One figure per period, as the API wrote it. */
  readonly values: readonly string[];
}

const WIDTH = 760;
const HEIGHT = 260;
const LEFT = 70;
const RIGHT = 60;
const TOP = 16;
const BOTTOM = 40;

/** Where a figure sits on the axis: an integer, a decimal, or an exact fraction `a/b`. */
function position(value: string): number {
  const [numerator = '0', denominator] = value.split('/');
  return denominator === undefined ? Number(numerator) : Number(numerator) / Number(denominator);
}

function ticksOf(low: number, high: number): number[] {
  const span = high - low || 1;
  const step = 10 ** Math.floor(Math.log10(span / 4));
  const nice = [1, 2, 5, 10].map((factor) => factor * step).find((size) => span / size <= 5) ?? step * 10;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / nice) * nice; tick <= high; tick += nice) ticks.push(tick);
  return ticks;
}

export function LineChart(props: {
  id: string;
  title: string;
  description: string;
  periods: readonly string[];
  series: readonly Series[];
}) {
  const { id, periods, series } = props;
  const numbers = series.map((line) => line.values.map(position));
  const all = numbers.flat();
  const low = Math.min(0, ...all);
  const high = Math.max(1, ...all);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (index: number) =>
    LEFT + (periods.length === 1 ? plotWidth / 2 : (index * plotWidth) / (periods.length - 1));
  const y = (value: number) => TOP + plotHeight - ((value - low) / (high - low)) * plotHeight;
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{props.title}</figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-description`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        data-testid={`${id}-chart`}
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-description`}>{props.description} The table below has the same figures.</desc>
        {ticksOf(low, high).map((tick) => (
          <g key={tick} class={tick === 0 ? 'tick zero' : 'tick'}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} />
            <text x={LEFT - 6} y={y(tick)} text-anchor="end">
              {tick.toLocaleString()}
            </text>
          </g>
        ))}
        {periods.map((period, index) => (
          <text key={period} class="period" x={x(index)} y={HEIGHT - BOTTOM + 18} text-anchor="middle">
            {period}
          </text>
        ))}
        {numbers.map((values, line) => (
          <g key={series[line]?.name} class={`series series-${line}`} data-series={series[line]?.name}>
            <polyline points={values.map((value, index) => `${x(index)},${y(value)}`).join(' ')} />
            {values.map((value, index) => (
              <circle key={periods[index]} cx={x(index)} cy={y(value)} r={4} />
            ))}
          </g>
        ))}
      </svg>
      <ul class="legend" aria-hidden="true">
        {series.map((line, index) => (
          <li key={line.name} class={`series-${index}`}>
            {line.name}
          </li>
        ))}
      </ul>
      <details>
        <summary>{props.title}: the figures as a table</summary>
        <table>
          <caption>{props.title}, per closed period</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              {series.map((line) => (
                <th scope="col" key={line.name}>
                  {line.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {periods.map((period, index) => (
              <tr key={period}>
                <th scope="row">{period}</th>
                {series.map((line) => (
                  <td key={line.name}>{line.values[index]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

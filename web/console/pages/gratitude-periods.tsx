import { useEffect, useState } from 'preact/hooks';
import { json } from '../lib/api.js';
import { Failure } from '../lib/ui.js';
import { describe } from '../lib/use.js';

interface Funded {
  readonly kind: string;
  readonly points: number;
  readonly amountExact: string;
}

interface Period {
  readonly id: string;
  readonly number: number;
  readonly closedAt: string;
  readonly funded: readonly Funded[];
}

interface SettlementSummary {
  readonly id: string;
  readonly number: number;
  readonly period: { closedAt: string };
}

/** The closed periods shown: the newest twelve, each read from its settlement document. */
const PERIODS = 12;

/**
 * What gratitude cost in each closed settlement period: the `networkFunded` lines of the kinds
 * given, read from each period's settlement, the figures the network's margin subtracts.
 */
export function GratitudePeriods({ kinds }: { kinds: Readonly<Record<string, string>> }) {
  const [periods, setPeriods] = useState<Period[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const list = await json<{ data: SettlementSummary[] }>('GET', `/v1/settlements?limit=${PERIODS}`);
      const read: Period[] = [];
      for (const summary of list.data) {
        const document = await json<{ settlement: { networkFunded: Funded[] } }>(
          'GET',
          `/v1/settlements/${summary.id}`,
        );
        read.push({
          id: summary.id,
          number: summary.number,
          closedAt: summary.period.closedAt,
          funded: document.settlement.networkFunded.filter((line) => line.kind in kinds),
        });
      }
      return read;
    };
    load().then(
      (read) => live && setPeriods(read),
      (failure: unknown) => live && setError(describe(failure)),
    );
    return () => {
      live = false;
    };
  }, [kinds]);

  if (error !== undefined) return <Failure error={error} />;
  if (periods === undefined) return <p>Loading the closed periods…</p>;
  if (periods.length === 0) return <p>No settlement period is closed yet.</p>;
  const line = (period: Period, kind: string) => period.funded.find((funded) => funded.kind === kind);
  return (
    <table>
      <caption>What gratitude cost in each closed period, newest first (points, and cost)</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          {Object.entries(kinds).map(([kind, label]) => (
            <th scope="col" key={kind}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {periods.map((period) => (
          <tr key={period.id}>
            <th scope="row">
              <a href={`#/settlement/${period.id}`}>Period {period.number}</a>, closed{' '}
              {new Date(period.closedAt).toLocaleDateString()}
            </th>
            {Object.keys(kinds).map((kind) => (
              <td key={kind} data-testid={`period-${period.number}-${kind}`}>
                {line(period, kind)?.points ?? 0} points, {line(period, kind)?.amountExact ?? '0'}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

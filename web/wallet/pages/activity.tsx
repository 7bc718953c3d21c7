import { useEffect, useState } from 'preact/hooks';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import type { MessageKey } from '../messages.js';
import type { ActivityEntry, ActivityPage as Page } from '../types.js';

type Filter = 'partner' | 'sector' | 'country' | 'kind';
const FILTERS: readonly Filter[] = ['partner', 'sector', 'country', 'kind'];

function filterValue(entry: ActivityEntry, filter: Filter): string {
  if (filter === 'kind') return entry.kind;
  if (entry.partner === null) return '';
  return filter === 'partner' ? entry.partner.name : entry.partner[filter];
}

/**
 * Activity at every partner, in every sector and country, newest first. The filters apply to the
 * pages loaded so far (the API pages by time and has no filter of its own); "show more" loads the
 * next page.
 */
export function ActivityPage() {
  const { t, format, api, version } = useWallet();
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [chosen, setChosen] = useState<Record<Filter, string>>({
    partner: '',
    sector: '',
    country: '',
    kind: '',
  });

  async function load(after: string | null) {
    try {
      const page = await api.get<Page>(`/v1/me/activity?limit=50${after === null ? '' : `&cursor=${after}`}`);
      setEntries((previous) => (after === null ? page.data : [...previous, ...page.data]));
      setCursor(page.nextCursor);
      setProblem(undefined);
    } catch (error) {
      setProblem(error);
    } finally {
      setLoaded(true);
    }
  }

  useEffect(() => {
    void load(null);
  }, [version]);

  const shown = entries.filter((entry) =>
    FILTERS.every((filter) => chosen[filter] === '' || filterValue(entry, filter) === chosen[filter]),
  );
  const label = (filter: Filter, value: string) =>
    filter === 'kind' ? t(`kind.${value}` as MessageKey) : value;

  return (
    <>
      <h1>{t('activity.title')}</h1>
      <fieldset class="filters">
        <legend>{t('activity.filters')}</legend>
        {FILTERS.map((filter) => {
          const values = [
            ...new Set(entries.map((entry) => filterValue(entry, filter)).filter((value) => value !== '')),
          ].sort();
          return (
            <label key={filter}>
              {t(`activity.${filter}`)}
              <select
                value={chosen[filter]}
                onChange={(event) => setChosen({ ...chosen, [filter]: event.currentTarget.value })}
              >
                <option value="">{t('activity.any')}</option>
                {values.map((value) => (
                  <option key={value} value={value}>
                    {label(filter, value)}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      </fieldset>
      <ProblemMessage problem={problem} />
      {loaded && entries.length === 0 && <p>{t('activity.empty')}</p>}
      {entries.length > 0 && shown.length === 0 && <p>{t('activity.noMatch')}</p>}
      <ul class="activity">
        {shown.map((entry) => (
          <li key={entry.id}>
            <span class="what">
              <strong>{t(`kind.${entry.kind}`)}</strong>
              <span>{entry.partner?.name ?? entry.label ?? t('activity.network')}</span>
              <small>
                {entry.partner === null ? '' : `${entry.partner.sector} · ${entry.partner.country} · `}
                <time dateTime={entry.createdAt}>{format.dateTime(entry.createdAt)}</time>
                {entry.amount === null ? '' : ` · ${format.money(entry.amount)}`}
              </small>
            </span>
            <span class={entry.points < 0 ? 'amount negative' : 'amount'}>
              {entry.pendingPoints > 0
                ? t('activity.pending', { points: format.points(entry.pendingPoints) })
                : `${entry.points > 0 ? '+' : ''}${format.points(entry.points)}`}
            </span>
          </li>
        ))}
      </ul>
      {cursor !== null && (
        <button type="button" onClick={() => load(cursor)}>
          {t('activity.more')}
        </button>
      )}
    </>
  );
}

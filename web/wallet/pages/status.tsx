import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type { MemberStatus, MyGapGifts, StatusForecast, StatusHistoryPage } from '../types.js';

/**
 * Status: the tier, the gifts of the last credits the network gave, the progress bar to the next
 * tier, the forecast and the history of changes.
 */
export function StatusPage() {
  const { t, format, api, version } = useWallet();
  const status = useLoad(() => api.get<MemberStatus>('/v1/me/status'), [version]);
  const forecast = useLoad(() => api.get<StatusForecast>('/v1/me/status/forecast'), [version]);
  const history = useLoad(() => api.get<StatusHistoryPage>('/v1/me/status/history'), [version]);
  const gifts = useLoad(() => api.get<MyGapGifts>('/v1/me/status/gifts'), [version]);
  const current = status.data;
  return (
    <>
      <h1>{t('status.title')}</h1>
      <ProblemMessage problem={status.problem ?? forecast.problem ?? history.problem ?? gifts.problem} />
      {gifts.data !== undefined && gifts.data.data.length > 0 && (
        <section aria-labelledby="gifts-title" class="gifts">
          <h2 id="gifts-title">{t('status.gifts')}</h2>
          <ul class="activity">
            {gifts.data.data.map((gift) => (
              <li key={gift.id}>
                <span class="what">
                  <strong>{gift.message}</strong>
                  <span>
                    {gift.points > 0
                      ? t('status.giftWithPoints', {
                          credits: format.points(gift.credits),
                          points: format.points(gift.points),
                        })
                      : t('status.gift', { credits: format.points(gift.credits) })}
                  </span>
                  <small>
                    <time dateTime={gift.givenAt}>{format.date(gift.givenAt)}</time>
                  </small>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {current !== undefined && (
        <section aria-labelledby="tier-title">
          <h2 id="tier-title">{current.tier?.name ?? t('status.noTier')}</h2>
          <p>{current.explanation}</p>
          {current.validThrough !== null && (
            <p>{t('status.validThrough', { date: format.date(current.validThrough) })}</p>
          )}
          {current.progress.nextTier === null ? (
            <p>{t('status.top')}</p>
          ) : (
            <>
              <label for="tier-progress">
                {t(
                  current.progress.nextTier.code === current.tier?.code
                    ? 'status.keepProgress'
                    : 'status.progress',
                  {
                    tier: current.progress.nextTier.name,
                  },
                )}
              </label>
              <progress id="tier-progress" max={100} value={current.progress.percent}>
                {format.percent(current.progress.percent)}
              </progress>
              <p>
                {t('status.credits', {
                  credits: format.points(current.progress.credits),
                  toNext: format.points(current.progress.creditsToNext),
                })}
              </p>
            </>
          )}
        </section>
      )}
      {forecast.data !== undefined && (
        <section aria-labelledby="forecast-title">
          <h2 id="forecast-title">{t('status.forecast')}</h2>
          <p>{forecast.data.summary}</p>
        </section>
      )}
      {history.data !== undefined && (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t('status.history')}</h2>
          {history.data.data.length === 0 && <p>{t('status.noHistory')}</p>}
          <ul class="activity">
            {history.data.data.map((change) => (
              <li key={change.id}>
                <span class="what">
                  <strong>
                    {change.from ?? '—'} → {change.to ?? '—'}
                  </strong>
                  <span>{change.explanation}</span>
                  <small>
                    <time dateTime={change.occurredAt}>{format.date(change.occurredAt)}</time>
                  </small>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

import { Fragment } from 'preact';
import { BASE } from '../app.js';
import { readGoal } from '../components/goal.js';
import { Link } from '../components/link.js';
import { ExpiryTimeline } from '../components/timeline.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type { Goal } from '../types.js';

/**
 * The unified balance: own wallet plus what each pool lets the member spend, pending, owed, expiring;
 * and a link to the reward the member saves for, with the points still missing.
 */
export function HomePage() {
  const { t, format, me, api, version } = useWallet();
  const goal = useLoad(() => readGoal(() => api.get<Goal>('/v1/me/goal')), [version]);
  if (me === undefined) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <>
      <h1>{t('home.title')}</h1>
      <section class="balance" aria-labelledby="unified-label">
        <p id="unified-label" class="caption">
          {t('home.unified')}
        </p>
        <p class="points" data-testid="unified-balance" aria-live="polite">
          {format.points(me.unifiedAvailable)}
        </p>
        <dl class="breakdown">
          <dt>{t('home.own')}</dt>
          <dd data-testid="own-balance">{format.points(me.available)}</dd>
          {me.pools.map((pool) => (
            <Fragment key={pool.poolId}>
              <dt>
                <Link href={`${BASE}/pools/${pool.poolId}`}>
                  {t('home.fromPool', { name: pool.name ?? t(`pools.${pool.kind}`) })}
                </Link>
              </dt>
              <dd>{format.points(pool.spendablePoints)}</dd>
            </Fragment>
          ))}
          <dt>{t('home.pending')}</dt>
          <dd data-testid="pending">
            {format.points(me.pending)} <small>{t('home.pendingHelp')}</small>
          </dd>
          {me.owed > 0 && (
            <>
              <dt>{t('home.owed')}</dt>
              <dd>
                {format.points(me.owed)} <small>{t('home.owedHelp')}</small>
              </dd>
            </>
          )}
        </dl>
      </section>
      {goal.data !== undefined && goal.data !== null && (
        <p>
          <Link href={`${BASE}/rewards`} class="callout">
            {goal.data.pointsToGo > 0
              ? t('home.goal', { title: goal.data.title, points: format.points(goal.data.pointsToGo) })
              : t('home.goalReached', { title: goal.data.title })}
          </Link>
        </p>
      )}
      <section aria-labelledby="expiring-title">
        <h2 id="expiring-title">{t('home.expiring')}</h2>
        <ExpiryTimeline expiring={me.expiringSoon} today={new Date().toISOString().slice(0, 10)} />
      </section>
    </>
  );
}

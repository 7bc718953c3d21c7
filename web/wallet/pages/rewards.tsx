import { useState } from 'preact/hooks';
import { BASE } from '../app.js';
import { GiftCardItem } from '../components/gift-card.js';
import { GoalCard, readGoal } from '../components/goal.js';
import { Link } from '../components/link.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type { CatalogueOfferPage, Goal, MyGiftCards, MySelectionPage, ReservationPage } from '../types.js';

/**
 * The catalogue the member may reserve from (and save for), the item they save for, their
 * reservations, and their coalition gift cards.
 */
export function RewardsPage() {
  const { t, format, api, version, refresh } = useWallet();
  const offers = useLoad(() => api.get<CatalogueOfferPage>('/v1/catalogue/items?limit=50'), [version]);
  const reservations = useLoad(() => api.get<ReservationPage>('/v1/reservations'), [version]);
  const giftCards = useLoad(() => api.get<MyGiftCards>('/v1/me/gift-cards'), [version]);
  const selections = useLoad(() => api.get<MySelectionPage>('/v1/selections'), [version]);
  const goal = useLoad(() => readGoal(() => api.get<Goal>('/v1/me/goal')), [version]);
  const [problem, setProblem] = useState<unknown>(undefined);
  const titles = new Map(offers.data?.data.map((offer) => [offer.id, offer.title]));
  const saved = goal.data ?? undefined;
  const goalReserved =
    saved !== undefined &&
    (reservations.data?.data ?? []).some(
      (reservation) =>
        reservation.itemId === saved.itemId &&
        reservation.status !== 'cancelled' &&
        reservation.status !== 'lapsed' &&
        reservation.createdAt >= saved.savedAt,
    );
  const reserve = (itemId: string) => act(() => api.post('/v1/me/reservations', { itemId }));

  async function act(write: () => Promise<unknown>) {
    setProblem(undefined);
    try {
      await write();
      refresh();
    } catch (error) {
      setProblem(error);
    }
  }

  return (
    <>
      <h1>{t('rewards.title')}</h1>
      <ProblemMessage
        problem={problem ?? offers.problem ?? goal.problem ?? reservations.problem ?? giftCards.problem}
      />
      {selections.data?.data.map((selection) => (
        <p key={selection.id}>
          <Link href={`${BASE}/choices`} class="callout">
            {t('choices.link', { name: selection.name })}
          </Link>
        </p>
      ))}
      {saved !== undefined && (
        <GoalCard
          goal={saved}
          reserved={goalReserved}
          onReserve={() => reserve(saved.itemId)}
          onStop={() => act(() => api.delete('/v1/me/goal'))}
        />
      )}
      <section aria-labelledby="catalogue-title">
        <h2 id="catalogue-title">{t('rewards.catalogue')}</h2>
        {offers.data?.data.length === 0 && <p>{t('rewards.noOffers')}</p>}
        <ul class="activity">
          {offers.data?.data.map((offer) => (
            <li key={offer.id}>
              <span class="what">
                <strong>{offer.title}</strong>
                <span>{offer.description}</span>
                <small>
                  {offer.fulfiller.name} · {t('rewards.remaining', { count: format.points(offer.remaining) })}
                </small>
              </span>
              <span class="offer-actions">
                <button type="button" disabled={offer.remaining === 0} onClick={() => reserve(offer.id)}>
                  {t('rewards.reserve', { points: format.points(offer.pointsPrice) })}
                </button>
                {saved?.itemId === offer.id ? (
                  <small>{t('rewards.saving')}</small>
                ) : (
                  <button
                    type="button"
                    onClick={() => act(() => api.put('/v1/me/goal', { itemId: offer.id }))}
                  >
                    {t('rewards.save')}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="reservations-title">
        <h2 id="reservations-title">{t('rewards.reservations')}</h2>
        {reservations.data?.data.length === 0 && <p>{t('rewards.noReservations')}</p>}
        <ul class="activity">
          {reservations.data?.data.map((reservation) => (
            <li key={reservation.id}>
              <span class="what">
                <strong>{titles.get(reservation.itemId) ?? reservation.itemId}</strong>
                <span>
                  {t('rewards.reservation', {
                    points: format.points(reservation.points),
                    status: t(`reservation.${reservation.status}`),
                  })}
                </span>
                <small>
                  <time dateTime={reservation.createdAt}>{format.date(reservation.createdAt)}</time>
                </small>
              </span>
              {reservation.status === 'reserved' && (
                <button
                  type="button"
                  class="danger"
                  onClick={() => act(() => api.post(`/v1/reservations/${reservation.id}/cancellation`))}
                >
                  {t('rewards.cancel')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="gift-cards-title">
        <h2 id="gift-cards-title">{t('rewards.giftCards')}</h2>
        {giftCards.data?.data.length === 0 && <p>{t('rewards.noGiftCards')}</p>}
        <ul class="activity">
          {giftCards.data?.data.map((card) => (
            <GiftCardItem key={card.id} card={card} />
          ))}
        </ul>
      </section>
    </>
  );
}

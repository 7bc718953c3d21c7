import { useState } from 'preact/hooks';
import { BASE } from '../app.js';
import { GiftCardItem } from '../components/gift-card.js';
import { Link } from '../components/link.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type { CatalogueOfferPage, MyGiftCards, MySelectionPage, ReservationPage } from '../types.js';

/** The catalogue the member may reserve from, their reservations, and their coalition gift cards. */
export function RewardsPage() {
  const { t, format, api, version, refresh } = useWallet();
  const offers = useLoad(() => api.get<CatalogueOfferPage>('/v1/catalogue/items?limit=50'), [version]);
  const reservations = useLoad(() => api.get<ReservationPage>('/v1/reservations'), [version]);
  const giftCards = useLoad(() => api.get<MyGiftCards>('/v1/me/gift-cards'), [version]);
  const selections = useLoad(() => api.get<MySelectionPage>('/v1/selections'), [version]);
  const [problem, setProblem] = useState<unknown>(undefined);
  const titles = new Map(offers.data?.data.map((offer) => [offer.id, offer.title]));

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
      <ProblemMessage problem={problem ?? offers.problem ?? reservations.problem ?? giftCards.problem} />
      {selections.data?.data.map((selection) => (
        <p key={selection.id}>
          <Link href={`${BASE}/choices`} class="callout">
            {t('choices.link', { name: selection.name })}
          </Link>
        </p>
      ))}
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
              <button
                type="button"
                disabled={offer.remaining === 0}
                onClick={() => act(() => api.post('/v1/me/reservations', { itemId: offer.id }))}
              >
                {t('rewards.reserve', { points: format.points(offer.pointsPrice) })}
              </button>
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

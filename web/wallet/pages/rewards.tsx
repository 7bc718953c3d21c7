import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type { MyGiftCards, ReservationPage } from '../types.js';

/** The member's catalogue reservations and coalition gift cards. */
export function RewardsPage() {
  const { t, format, api, version } = useWallet();
  const reservations = useLoad(() => api.get<ReservationPage>('/v1/me/reservations'), [version]);
  const giftCards = useLoad(() => api.get<MyGiftCards>('/v1/me/gift-cards'), [version]);
  return (
    <>
      <h1>{t('rewards.title')}</h1>
      <ProblemMessage problem={reservations.problem ?? giftCards.problem} />
      <section aria-labelledby="reservations-title">
        <h2 id="reservations-title">{t('rewards.reservations')}</h2>
        {reservations.data?.data.length === 0 && <p>{t('rewards.noReservations')}</p>}
        <ul class="activity">
          {reservations.data?.data.map((reservation) => (
            <li key={reservation.id}>
              <span class="what">
                <strong>{reservation.itemId}</strong>
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
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="gift-cards-title">
        <h2 id="gift-cards-title">{t('rewards.giftCards')}</h2>
        {giftCards.data?.data.length === 0 && <p>{t('rewards.noGiftCards')}</p>}
        <ul class="activity">
          {giftCards.data?.data.map((card) => (
            <li key={card.id}>
              <span class="what">
                <strong>{card.codeHint === null ? card.id : `…${card.codeHint}`}</strong>
                <span>
                  {t('rewards.giftCard', {
                    balance: format.money(card.balance),
                    issued: format.money(card.issued),
                  })}
                </span>
                {card.expiresAt !== null && (
                  <small>{t('rewards.giftCardExpires', { date: format.date(card.expiresAt) })}</small>
                )}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

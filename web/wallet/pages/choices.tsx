import { useState } from 'preact/hooks';
import { GiftCardItem } from '../components/gift-card.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type {
  CatalogueOffer,
  CatalogueOfferPage,
  MyGiftCards,
  MySelection,
  MySelectionPage,
  ReservationPage,
} from '../types.js';

/**
 * The yearly choices the member is invited to: while one is open, the experiences of the catalogue
 * they may choose (those they can afford from their own wallet first); once it is closed, their
 * outcome — the experience they chose, or the gift card their points became, with its code.
 */
export function ChoicesPage() {
  const { t, api, version } = useWallet();
  const selections = useLoad(() => api.get<MySelectionPage>('/v1/selections'), [version]);
  const offers = useLoad(() => api.get<CatalogueOfferPage>('/v1/catalogue/items?limit=50'), [version]);
  const reservations = useLoad(() => api.get<ReservationPage>('/v1/reservations'), [version]);
  const giftCards = useLoad(() => api.get<MyGiftCards>('/v1/me/gift-cards'), [version]);
  const loaded = [selections, offers, reservations, giftCards];
  return (
    <>
      <h1>{t('choices.title')}</h1>
      <p>{t('choices.text')}</p>
      <ProblemMessage problem={loaded.find((each) => each.problem !== undefined)?.problem} />
      {selections.data?.data.length === 0 && <p>{t('choices.none')}</p>}
      {selections.data?.data.map((selection) => (
        <Choice
          key={selection.id}
          selection={selection}
          experiences={(offers.data?.data ?? []).filter((offer) => offer.kind === 'experience')}
          chosen={reservations.data?.data.find(
            (reservation) =>
              reservation.selectionId === selection.id &&
              (reservation.status === 'reserved' || reservation.status === 'fulfilled'),
          )}
          giftCards={giftCards.data}
        />
      ))}
    </>
  );
}

function Choice(props: {
  selection: MySelection;
  experiences: readonly CatalogueOffer[];
  chosen: ReservationPage['data'][number] | undefined;
  giftCards: MyGiftCards | undefined;
}) {
  const { t, format, api, me, refresh } = useWallet();
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const { selection, chosen } = props;
  const titleId = `choice-${selection.id}`;
  const open = selection.status === 'open' && Date.now() < Date.parse(selection.closesAt);
  const chosenTitle =
    chosen === undefined
      ? undefined
      : (props.experiences.find((offer) => offer.id === chosen.itemId)?.title ?? t('choices.anExperience'));
  const giftCard = props.giftCards?.data.find((card) => card.id === selection.giftCardId);
  const wallet = me?.available ?? 0;

  async function choose(offer: CatalogueOffer) {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post('/v1/me/reservations', { itemId: offer.id, selectionId: selection.id });
      refresh();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={titleId} class="choice">
      <h2 id={titleId}>{selection.name}</h2>
      <ProblemMessage problem={problem} />
      {open && <p>{t('choices.until', { date: format.dateTime(selection.closesAt) })}</p>}
      {chosenTitle !== undefined && (
        <p role="status" class="chosen">
          {t('choices.chosen', { title: chosenTitle, points: format.points(chosen?.points ?? 0) })}
        </p>
      )}
      {open && chosen === undefined && (
        <>
          <p>{t('choices.orGiftCard')}</p>
          {props.experiences.length === 0 && <p>{t('choices.noExperiences')}</p>}
          <ul class="activity">
            {props.experiences.map((offer) => {
              const affordable = offer.pointsPrice <= wallet && offer.remaining > 0;
              return (
                <li key={offer.id}>
                  <span class="what">
                    <strong>{offer.title}</strong>
                    <span>{offer.description}</span>
                    <small>
                      {[offer.place, offer.startsAt === null ? null : format.date(offer.startsAt)]
                        .filter((each) => each !== null)
                        .join(' · ')}
                      {offer.place === null && offer.startsAt === null ? '' : ' · '}
                      {offer.fulfiller.name}
                    </small>
                    {!affordable && (
                      <small>
                        {offer.remaining === 0
                          ? t('choices.full')
                          : t('choices.short', { points: format.points(offer.pointsPrice - wallet) })}
                      </small>
                    )}
                  </span>
                  <button
                    type="button"
                    class="primary"
                    disabled={!affordable || busy}
                    aria-label={`${t('choices.choose', { points: format.points(offer.pointsPrice) })}: ${offer.title}`}
                    onClick={() => choose(offer)}
                  >
                    {t('choices.choose', { points: format.points(offer.pointsPrice) })}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {!open && selection.outcome === null && <p>{t('choices.closing')}</p>}
      {selection.outcome === 'gift_card' && (
        <>
          <p>{t('choices.giftCard', { points: format.points(selection.pointsConverted ?? 0) })}</p>
          {giftCard !== undefined && (
            <ul class="activity">
              <GiftCardItem card={giftCard} />
            </ul>
          )}
        </>
      )}
      {selection.outcome === 'nothing' && <p>{t('choices.nothing')}</p>}
    </section>
  );
}

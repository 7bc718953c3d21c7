import { json } from '../lib/api.js';
import { Failure, money, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface Reservation {
  readonly id: string;
  readonly itemId: string;
  readonly memberId: string;
  readonly points: number;
  readonly settlementPrice: { amount: string; currency: string };
  readonly status: 'reserved' | 'fulfilled' | 'cancelled' | 'lapsed';
  readonly lapsesAt: string;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
}

const VIEWS = [
  ['', 'To fulfil'],
  ['all', 'All'],
] as const;

/**
 * The reservations of the partner's items: confirm one was fulfilled (the member's points are
 * captured, the settlement price is owed to the partner) or cancel it (points back to the member).
 */
export function PortalReservations({ view, admin }: { view: string | undefined; admin: boolean }) {
  const status = view === 'all' ? '' : 'reserved';
  const reservations = useApi<{ data: Reservation[] }>(
    `/v1/reservations?limit=100${status === '' ? '' : `&status=${status}`}`,
  );
  const { busy, message, run } = useAction();

  const resolve = (reservation: Reservation, action: 'fulfilment' | 'cancellation') =>
    run(async () => {
      await json('POST', `/v1/reservations/${reservation.id}/${action}`, { idempotent: true });
      reservations.reload();
      return action === 'fulfilment'
        ? `Reservation ${reservation.id} is fulfilled: ${money(reservation.settlementPrice)} will be on your statement.`
        : `Reservation ${reservation.id} is cancelled: the points are back with the member.`;
    });

  return (
    <main id="main">
      <h1>Reservations</h1>
      <ul class="pills" aria-label="Which reservations">
        {VIEWS.map(([value, label]) => (
          <li key={value}>
            <a
              href={`#/reservations${value === '' ? '' : `/${value}`}`}
              aria-current={(view ?? '') === value ? 'page' : undefined}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
      <Failure error={reservations.error} />
      <table>
        <caption>
          {status === 'reserved'
            ? 'Reservations waiting for you, newest first'
            : 'Every reservation, newest first'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Reservation</th>
            <th scope="col">Item</th>
            <th scope="col">Member</th>
            <th scope="col">Points</th>
            <th scope="col">You are paid</th>
            <th scope="col">Status</th>
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {(reservations.data?.data ?? []).map((reservation) => (
            <tr key={reservation.id}>
              <th scope="row">
                <code>{reservation.id}</code>
                <br />
                {new Date(reservation.createdAt).toLocaleString()}
              </th>
              <td>
                <code>{reservation.itemId}</code>
              </td>
              <td>
                <code>{reservation.memberId}</code>
              </td>
              <td>{reservation.points}</td>
              <td>{money(reservation.settlementPrice)}</td>
              <td>
                {reservation.status === 'reserved'
                  ? `reserved, lapses ${new Date(reservation.lapsesAt).toLocaleString()}`
                  : `${reservation.status}${reservation.resolvedBy === null ? '' : ` by ${reservation.resolvedBy}`}`}
              </td>
              {admin && (
                <td class="actions">
                  {reservation.status === 'reserved' && (
                    <>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => resolve(reservation, 'fulfilment')}
                      >
                        Confirm fulfilled<span class="visually-hidden"> {reservation.id}</span>
                      </button>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => resolve(reservation, 'cancellation')}
                      >
                        Cancel<span class="visually-hidden"> {reservation.id}</span>
                      </button>
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <Outcome message={message} />
    </main>
  );
}

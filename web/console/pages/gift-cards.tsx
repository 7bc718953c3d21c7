import { Failure, money } from '../lib/ui.js';
import { useApi } from '../lib/use.js';

interface Money {
  readonly amount: string;
  readonly currency: string;
}

interface CurrencyLiability {
  readonly currency: string;
  readonly cards: number;
  readonly points: number;
  readonly issued: Money;
  readonly spent: Money;
  readonly refunded: Money;
  readonly outstanding: Money;
  readonly expired: Money;
}

interface Liability {
  readonly asOf: string;
  readonly currencies: CurrencyLiability[];
  readonly outstandingReference: { fxSnapshotId: string | null; exact: string | null; amount: Money | null };
}

/**
 * Gift cards: what the network owes on coalition gift cards, per currency (issued − spent +
 * refunded = outstanding + expired), and all live cards in the reference currency at the newest
 * FX snapshot, as the API computes it.
 */
export function GiftCards() {
  const liability = useApi<Liability>('/v1/gift-cards/liability');
  const data = liability.data;
  return (
    <main id="main">
      <h1>Gift cards</h1>
      <Failure error={liability.error} />
      {data !== undefined && (
        <>
          <dl class="netting" data-testid="liability-total">
            <dt>Outstanding, in reference currency</dt>
            <dd>
              {data.outstandingReference.amount === null
                ? 'no FX rate to convert at'
                : `${money(data.outstandingReference.amount)} (exactly ${data.outstandingReference.exact})`}
            </dd>
            <dt>At the FX snapshot</dt>
            <dd>
              {data.outstandingReference.fxSnapshotId === null ? (
                '—'
              ) : (
                <code>{data.outstandingReference.fxSnapshotId}</code>
              )}
            </dd>
            <dt>As of</dt>
            <dd>{new Date(data.asOf).toLocaleString()}</dd>
          </dl>
          {data.currencies.length === 0 ? (
            <p>No gift card has been issued.</p>
          ) : (
            <table>
              <caption>The liability by the cards' currency</caption>
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  <th scope="col">Cards</th>
                  <th scope="col">Points converted</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Spent</th>
                  <th scope="col">Refunded</th>
                  <th scope="col">Expired</th>
                  <th scope="col">Outstanding</th>
                </tr>
              </thead>
              <tbody>
                {data.currencies.map((row) => (
                  <tr key={row.currency}>
                    <th scope="row">{row.currency}</th>
                    <td>{row.cards}</td>
                    <td>{row.points.toLocaleString()}</td>
                    <td>{money(row.issued)}</td>
                    <td>{money(row.spent)}</td>
                    <td>{money(row.refunded)}</td>
                    <td>{money(row.expired)}</td>
                    <td data-testid={`outstanding-${row.currency}`}>{money(row.outstanding)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </main>
  );
}

import { json } from '../lib/api.js';
import { Failure, Field, formValue, money, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface Item {
  readonly id: string;
  readonly fulfiller: string;
  readonly kind: 'experience' | 'voucher' | 'product';
  readonly title: string;
  readonly description: string;
  readonly place: string | null;
  readonly startsAt: string | null;
  readonly stock: number;
  readonly reserved: number;
  readonly remaining: number;
  readonly pointsPrice: number;
  readonly settlementPrice: { amount: string; currency: string };
  readonly availableFrom: string;
  readonly availableUntil: string;
  readonly eligibility: Readonly<Record<string, readonly string[] | undefined>>;
  readonly status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  readonly reviewNote: string | null;
}

interface ItemPage {
  readonly data: Item[];
  readonly nextCursor: string | null;
}

const PAGE = 200;

function when(item: Item): string {
  const window = `${new Date(item.availableFrom).toLocaleDateString()} – ${new Date(item.availableUntil).toLocaleDateString()}`;
  return item.startsAt === null ? window : `${new Date(item.startsAt).toLocaleString()} (on offer ${window})`;
}

function eligibility(item: Item): string {
  const parts = Object.entries(item.eligibility)
    .filter(([, values]) => values !== undefined && values.length > 0)
    .map(([dimension, values]) => `${dimension}: ${values?.join(', ')}`);
  return parts.length === 0 ? 'everyone' : parts.join('; ');
}

/**
 * Catalogue approvals: the items partners offered or changed, waiting for the operator (approve, or
 * refuse with a note the partner reads), and the approved items by fulfiller with what is left.
 */
export function CataloguePage({ admin }: { admin: boolean }) {
  const pending = useApi<ItemPage>(`/v1/catalogue/items?status=pending&limit=${PAGE}`);
  const approved = useApi<ItemPage>(`/v1/catalogue/items?status=approved&limit=${PAGE}`);
  const partners = useApi<{ data: { id: string; name: string }[] }>('/v1/partners?limit=200');
  const { busy, message, run } = useAction();
  const name = (fulfiller: string) =>
    fulfiller === 'network'
      ? 'The network'
      : (partners.data?.data.find((partner) => partner.id === fulfiller)?.name ?? fulfiller);

  const review = (item: Item, decision: 'approve' | 'reject', note: string) =>
    run(async () => {
      await json('POST', `/v1/catalogue/items/${item.id}/review`, {
        body: note === '' ? { decision } : { decision, note },
      });
      pending.reload();
      approved.reload();
      return `${decision === 'approve' ? 'Approved' : 'Refused'} “${item.title}”.`;
    });

  const refuse = (item: Item) => (event: Event) => {
    event.preventDefault();
    void review(item, 'reject', formValue(event.currentTarget as HTMLFormElement, 'note'));
  };

  const byFulfiller = new Map<string, Item[]>();
  for (const item of approved.data?.data ?? [])
    byFulfiller.set(item.fulfiller, [...(byFulfiller.get(item.fulfiller) ?? []), item]);

  return (
    <main id="main">
      <h1>Catalogue</h1>
      <section aria-labelledby="pending-title">
        <h2 id="pending-title">Waiting for approval</h2>
        <Failure error={pending.error} />
        <Outcome message={message} />
        {pending.data !== undefined && pending.data.data.length === 0 && <p>No item is waiting.</p>}
        {(pending.data?.data ?? []).map((item) => (
          <article key={item.id} class="item" aria-labelledby={`item-${item.id}`}>
            <h3 id={`item-${item.id}`}>{item.title}</h3>
            <dl class="netting">
              <dt>Offered by</dt>
              <dd>{name(item.fulfiller)}</dd>
              <dt>Kind</dt>
              <dd>{item.kind}</dd>
              <dt>What it is</dt>
              <dd>{item.description || '—'}</dd>
              {item.place !== null && (
                <>
                  <dt>Where</dt>
                  <dd>{item.place}</dd>
                </>
              )}
              <dt>When</dt>
              <dd>{when(item)}</dd>
              <dt>Stock</dt>
              <dd>{item.stock}</dd>
              <dt>Price</dt>
              <dd>{item.pointsPrice.toLocaleString()} points</dd>
              <dt>The network pays the fulfiller</dt>
              <dd>{money(item.settlementPrice)} a unit</dd>
              <dt>Who may reserve it</dt>
              <dd>{eligibility(item)}</dd>
            </dl>
            {admin && (
              <div class="review">
                <button type="button" disabled={busy} onClick={() => void review(item, 'approve', '')}>
                  Approve<span class="visually-hidden"> {item.title}</span>
                </button>
                <form class="inline" onSubmit={refuse(item)} aria-label={`Refuse ${item.title}`}>
                  <Field label="Reason for the partner">
                    <input name="note" required maxLength={1000} />
                  </Field>
                  <button type="submit" disabled={busy}>
                    Refuse<span class="visually-hidden"> {item.title}</span>
                  </button>
                </form>
              </div>
            )}
          </article>
        ))}
        {pending.data?.nextCursor != null && <p>Showing the newest {PAGE} items waiting.</p>}
      </section>

      <section aria-labelledby="approved-title">
        <h2 id="approved-title">Approved, by fulfiller</h2>
        <Failure error={approved.error ?? partners.error} />
        {approved.data !== undefined && approved.data.data.length === 0 && <p>No item is approved yet.</p>}
        {[...byFulfiller.entries()].map(([fulfiller, items]) => (
          <table key={fulfiller}>
            <caption>{name(fulfiller)}</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">When</th>
                <th scope="col">Price</th>
                <th scope="col">Paid to the fulfiller</th>
                <th scope="col">Stock</th>
                <th scope="col">Reserved</th>
                <th scope="col">Left</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    {item.title} <span class="kind">({item.kind})</span>
                  </th>
                  <td>{when(item)}</td>
                  <td>{item.pointsPrice.toLocaleString()} points</td>
                  <td>{money(item.settlementPrice)}</td>
                  <td>{item.stock}</td>
                  <td>{item.reserved}</td>
                  <td data-testid={`left-${item.id}`}>{item.remaining}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        {approved.data?.nextCursor != null && <p>Showing the newest {PAGE} approved items.</p>}
      </section>
    </main>
  );
}

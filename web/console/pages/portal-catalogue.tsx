import { json } from '../lib/api.js';
import { Failure, Field, formValue, money, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface Item {
  readonly id: string;
  readonly kind: 'experience' | 'voucher' | 'product';
  readonly title: string;
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

const ELIGIBILITY = [
  ['tiers', 'Tiers (codes, comma-separated)'],
  ['countries', 'Countries (ISO 3166, comma-separated)'],
  ['poolIds', 'Pools (pool ids, comma-separated)'],
  ['memberIds', 'Members (member ids, comma-separated)'],
] as const;

/** A comma-separated field as a list; absent when empty (everyone is eligible on that dimension). */
function listOf(form: HTMLFormElement, name: string): string[] | undefined {
  const values = formValue(form, name)
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return values.length === 0 ? undefined : values;
}

/** A `datetime-local` field as an RFC 3339 instant. */
function instantOf(form: HTMLFormElement, name: string): string | undefined {
  const value = formValue(form, name);
  return value === '' ? undefined : new Date(value).toISOString();
}

function eligibilityText(item: Item): string {
  const parts = ELIGIBILITY.flatMap(([name]) => {
    const values = item.eligibility[name];
    return values === undefined ? [] : [`${name}: ${values.join(', ')}`];
  });
  return parts.length === 0 ? 'everyone' : parts.join('; ');
}

/**
 * The partner's own catalogue items: offer an experience, a voucher or a product, see whether the
 * operator approved it, change its stock or withdraw it. Admins write; finance reads.
 */
export function PortalCatalogue({ admin }: { admin: boolean }) {
  const items = useApi<{ data: Item[] }>('/v1/catalogue/items?limit=100');
  const { busy, message, run } = useAction();

  const create = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    void run(async () => {
      const eligibility = Object.fromEntries(
        ELIGIBILITY.flatMap(([name]) => {
          const values = listOf(form, name);
          return values === undefined ? [] : [[name, values]];
        }),
      );
      const place = formValue(form, 'place');
      const startsAt = instantOf(form, 'startsAt');
      const item = await json<Item>('POST', '/v1/catalogue/items', {
        idempotent: true,
        body: {
          kind: formValue(form, 'kind'),
          title: formValue(form, 'title'),
          description: formValue(form, 'description'),
          ...(place === '' ? {} : { place }),
          ...(startsAt === undefined ? {} : { startsAt }),
          stock: Number(formValue(form, 'stock')),
          pointsPrice: Number(formValue(form, 'pointsPrice')),
          settlementPrice: {
            amount: formValue(form, 'settlementAmount'),
            currency: formValue(form, 'settlementCurrency'),
          },
          availableFrom: instantOf(form, 'availableFrom'),
          availableUntil: instantOf(form, 'availableUntil'),
          eligibility,
        },
      });
      form.reset();
      items.reload();
      return `Offered ${item.title} (${item.id}): it waits for the operator's approval.`;
    });
  };

  const change = (item: Item, body: Record<string, unknown>, done: string) =>
    run(async () => {
      await json('PATCH', `/v1/catalogue/items/${item.id}`, { body });
      items.reload();
      return done;
    });

  const changeStock = (item: Item) => (event: Event) => {
    event.preventDefault();
    const stock = Number(formValue(event.currentTarget as HTMLFormElement, 'stock'));
    void change(item, { stock }, `${item.title} now offers ${stock}.`);
  };

  return (
    <main id="main">
      <h1>Catalogue</h1>
      <p>
        Your items: members see one once the operator approves it; a change members would see waits for
        approval again. The network pays you the settlement price for each one fulfilled.
      </p>
      <Failure error={items.error} />
      <table>
        <caption>Your catalogue items, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Price</th>
            <th scope="col">Settlement price</th>
            <th scope="col">Stock</th>
            <th scope="col">Available</th>
            <th scope="col">Eligible</th>
            <th scope="col">Approval</th>
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {(items.data?.data ?? []).map((item) => (
            <tr key={item.id}>
              <th scope="row">
                {item.title}
                <br />
                {item.kind}
                {item.place !== null && `, ${item.place}`}
                {item.startsAt !== null && `, ${new Date(item.startsAt).toLocaleString()}`}
                <br />
                <code>{item.id}</code>
              </th>
              <td>{item.pointsPrice} points</td>
              <td>{money(item.settlementPrice)}</td>
              <td>
                {item.remaining} of {item.stock} left ({item.reserved} reserved)
              </td>
              <td>
                {new Date(item.availableFrom).toLocaleDateString()} –{' '}
                {new Date(item.availableUntil).toLocaleDateString()}
              </td>
              <td>{eligibilityText(item)}</td>
              <td>
                {item.status}
                {item.reviewNote !== null && `: ${item.reviewNote}`}
              </td>
              {admin && (
                <td class="actions">
                  {item.status !== 'withdrawn' && (
                    <>
                      <form class="inline" onSubmit={changeStock(item)} aria-label={`Stock of ${item.title}`}>
                        <Field label="Stock">
                          <input
                            name="stock"
                            type="number"
                            min={1}
                            required
                            defaultValue={String(item.stock)}
                          />
                        </Field>
                        <button type="submit" disabled={busy}>
                          Change<span class="visually-hidden"> the stock of {item.title}</span>
                        </button>
                      </form>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => change(item, { withdraw: true }, `${item.title} is withdrawn.`)}
                      >
                        Withdraw<span class="visually-hidden"> {item.title}</span>
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
      {admin && (
        <form onSubmit={create} aria-labelledby="offer-title">
          <h2 id="offer-title">Offer an item</h2>
          <Field label="Kind">
            <select name="kind" required>
              <option value="experience">Experience (a date, a place, seats)</option>
              <option value="voucher">Voucher</option>
              <option value="product">Product</option>
            </select>
          </Field>
          <Field label="Title">
            <input name="title" required maxLength={200} />
          </Field>
          <Field label="Description">
            <textarea name="description" rows={3} maxLength={4000} />
          </Field>
          <Field label="Place (experiences)">
            <input name="place" maxLength={200} />
          </Field>
          <Field label="Takes place at (experiences)">
            <input name="startsAt" type="datetime-local" />
          </Field>
          <Field label="Seats or units">
            <input name="stock" type="number" min={1} required />
          </Field>
          <Field label="Price in points">
            <input name="pointsPrice" type="number" min={1} required />
          </Field>
          <Field label="Settlement price per unit (what the network pays you)">
            <input name="settlementAmount" required inputMode="decimal" placeholder="45.00" />
          </Field>
          <Field label="Settlement currency (the network's reference currency)">
            <input name="settlementCurrency" required pattern="[A-Z]{3}" defaultValue="EUR" />
          </Field>
          <Field label="Reservable from">
            <input name="availableFrom" type="datetime-local" required />
          </Field>
          <Field label="Reservable until">
            <input name="availableUntil" type="datetime-local" required />
          </Field>
          <fieldset>
            <legend>Who may reserve it (empty: everyone)</legend>
            {ELIGIBILITY.map(([name, label]) => (
              <Field key={name} label={label}>
                <input name={name} />
              </Field>
            ))}
          </fieldset>
          <button type="submit" disabled={busy}>
            Offer
          </button>
        </form>
      )}
    </main>
  );
}

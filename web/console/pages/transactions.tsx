import { useState } from 'preact/hooks';
import { call, json } from '../lib/api.js';
import { Failure, Field, formValue, money } from '../lib/ui.js';
import { describe } from '../lib/use.js';

interface Transaction {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly externalReference: string | null;
  readonly amount: { amount: string; currency: string } | null;
  readonly points: number;
  readonly createdAt: string;
}

/** The partner's transactions of one member, found by the card number the partner enrolled them with. */
export function Transactions() {
  const [found, setFound] = useState<{ memberId: string; data: Transaction[] } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const search = async (event: Event) => {
    event.preventDefault();
    const card = formValue(event.currentTarget as HTMLFormElement, 'card');
    setError(undefined);
    setFound(undefined);
    try {
      const members = await json<{ data: { id: string }[] }>(
        'GET',
        `/v1/members?externalReference=${encodeURIComponent(card)}`,
      );
      const [member] = members.data;
      if (member === undefined) {
        setError(`No member with card number ${card}.`);
        return;
      }
      const page = await json<{ data: Transaction[] }>(
        'GET',
        `/v1/transactions?memberId=${member.id}&limit=100`,
      );
      setFound({ memberId: member.id, data: page.data });
    } catch (failure) {
      setError(describe(failure));
    }
  };
  const exportCsv = async () => {
    try {
      const response = await call('GET', '/v1/transactions.csv');
      download(await response.blob(), 'transactions.csv');
    } catch (failure) {
      setError(describe(failure));
    }
  };
  return (
    <main id="main">
      <h1>Transactions</h1>
      <form onSubmit={search} aria-label="Find a member's transactions">
        <Field label="Card number">
          <input name="card" required maxLength={64} />
        </Field>
        <button type="submit">Find</button>
      </form>
      <button type="button" onClick={exportCsv}>
        Export every transaction (CSV)
      </button>
      <Failure error={error} />
      {found !== undefined && (
        <table>
          <caption>
            Transactions of member <code>{found.memberId}</code>
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Reference</th>
              <th scope="col">Amount</th>
              <th scope="col">Points</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {found.data.map((transaction) => (
              <tr key={transaction.id}>
                <td>{new Date(transaction.createdAt).toLocaleString()}</td>
                <td>{transaction.kind}</td>
                <td>{transaction.externalReference ?? ''}</td>
                <td>{money(transaction.amount ?? undefined)}</td>
                <td>{transaction.points}</td>
                <td>{transaction.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** Hands a file the API answered to the browser's downloads. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

import { json } from '../lib/api.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface Snapshot {
  readonly id: string;
  readonly referenceCurrency: string;
  readonly asOf: string;
  readonly rates: Record<string, string>;
}

/** FX publishing: one rate per line (`USD 1.0850`), and every snapshot published, newest first. */
export function FxRates({ mayPublish }: { mayPublish: boolean }) {
  const history = useApi<{ data: Snapshot[] }>('/v1/fx-rates/history?limit=20');
  const { busy, message, run } = useAction();

  const publish = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const rates: Record<string, string> = {};
    for (const line of formValue(form, 'rates').split('\n')) {
      const [currency, rate] = line.trim().split(/\s+/);
      if (currency && rate) rates[currency.toUpperCase()] = rate;
    }
    void run(async () => {
      const snapshot = await json<Snapshot>('PUT', '/v1/fx-rates', { body: { rates } });
      history.reload();
      return `Published ${snapshot.id}.`;
    });
  };

  return (
    <main id="main">
      <h1>FX rates</h1>
      {mayPublish && (
        <form onSubmit={publish} aria-labelledby="publish-title">
          <h2 id="publish-title">Publish a snapshot</h2>
          <Field label="Rates, one per line: currency and units per 1 reference unit">
            <textarea name="rates" rows={4} required placeholder={'USD 1.0850\nGBP 0.8600'} />
          </Field>
          <button type="submit" disabled={busy}>
            Publish
          </button>
        </form>
      )}
      <Outcome message={message} />
      <Failure error={history.error} />
      <table>
        <caption>Published snapshots, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Snapshot</th>
            <th scope="col">As of</th>
            <th scope="col">Rates</th>
          </tr>
        </thead>
        <tbody>
          {(history.data?.data ?? []).map((snapshot) => (
            <tr key={snapshot.id}>
              <th scope="row">
                <code>{snapshot.id}</code>
              </th>
              <td>{new Date(snapshot.asOf).toLocaleString()}</td>
              <td>
                {Object.entries(snapshot.rates)
                  .map(([currency, rate]) => `1 ${snapshot.referenceCurrency} = ${rate} ${currency}`)
                  .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

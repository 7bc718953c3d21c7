import { useState } from 'preact/hooks';
import { call, json } from '../lib/api.js';
import { Failure, Field, formValue, money, Outcome } from '../lib/ui.js';
import { describe, useAction, useApi } from '../lib/use.js';
import { verifyCompactJws } from '../lib/verify.js';
import { download } from './transactions.js';

interface Summary {
  readonly settlementId: string;
  readonly number: number;
  readonly closedAt: string;
  readonly net: { amount: string; currency: string };
  readonly acknowledgedAt: string | null;
}

interface Line {
  readonly transferId: string;
  readonly kind: string;
  readonly points: number;
  readonly amountExact: string;
  readonly externalReference: string | null;
}

interface PartnerStatement {
  readonly settlementId: string;
  readonly signature: string;
  readonly acknowledgedAt: string | null;
  readonly paymentStatus: string;
  readonly outstanding: { amount: string; currency: string };
  readonly statement: { settlementNumber: number; payment: { net: { amount: string; currency: string } } };
}

/** The partner's statements: read, download (JSON, CSV), verify the signature, acknowledge, dispute. */
export function Statements({
  settlementId,
  finance,
}: {
  settlementId: string | undefined;
  finance: boolean;
}) {
  const list = useApi<{ data: Summary[] }>('/v1/settlements?limit=20');
  return (
    <main id="main">
      <h1>Statements</h1>
      <Failure error={list.error} />
      <nav aria-label="Statements">
        <ul class="pills">
          {(list.data?.data ?? []).map((summary) => (
            <li key={summary.settlementId}>
              <a
                href={`#/statements/${summary.settlementId}`}
                aria-current={summary.settlementId === settlementId ? 'page' : undefined}
              >
                Period {summary.number}: {money(summary.net)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {settlementId !== undefined && <StatementDetail id={settlementId} finance={finance} />}
    </main>
  );
}

function StatementDetail({ id, finance }: { id: string; finance: boolean }) {
  const detail = useApi<PartnerStatement>(`/v1/settlements/${id}`);
  const lines = useApi<{ data: Line[] }>(`/v1/settlements/${id}/lines?limit=100`);
  const [verdict, setVerdict] = useState<string | undefined>(undefined);
  const { busy, message, run } = useAction();
  if (detail.error) return <Failure error={detail.error} />;
  if (detail.data === undefined) return <p>Loading…</p>;
  const statement = detail.data;

  const verify = async () => {
    try {
      const result = await verifyCompactJws(statement.signature);
      setVerdict(
        result.valid
          ? `Signature valid: signed by the network key ${result.kid}.`
          : `Signature NOT valid (key ${result.kid || 'unknown'}).`,
      );
    } catch (failure) {
      setVerdict(`Could not verify: ${describe(failure)}`);
    }
  };
  const csv = () =>
    run(async () => {
      const response = await call('GET', `/v1/settlements/${id}.csv`);
      download(await response.blob(), `${id}.csv`);
      return 'The CSV was downloaded.';
    });
  const jsonFile = () =>
    run(async () => {
      download(new Blob([JSON.stringify(statement, null, 2)], { type: 'application/json' }), `${id}.json`);
      return 'The JSON was downloaded.';
    });
  const acknowledge = () =>
    run(async () => {
      await json('POST', `/v1/settlements/${id}/acknowledge`, { idempotent: true });
      detail.reload();
      return 'Acknowledged.';
    });
  const dispute = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const transferIds = new FormData(form).getAll('transfer').map(String);
    void run(async () => {
      await json('POST', `/v1/settlements/${id}/disputes`, {
        body: { transferIds, reason: formValue(form, 'reason') },
        idempotent: true,
      });
      detail.reload();
      return 'The dispute was opened.';
    });
  };

  return (
    <section aria-labelledby="statement-title">
      <h2 id="statement-title">Statement of period {statement.statement.settlementNumber}</h2>
      <dl class="netting">
        <dt>Net</dt>
        <dd>{money(statement.statement.payment.net)}</dd>
        <dt>Payment</dt>
        <dd>
          {statement.paymentStatus.replace('_', ' ')}, outstanding {money(statement.outstanding)}
        </dd>
        <dt>Acknowledged</dt>
        <dd>
          {statement.acknowledgedAt === null
            ? 'not yet'
            : new Date(statement.acknowledgedAt).toLocaleString()}
        </dd>
      </dl>
      <div class="actions">
        <button type="button" onClick={verify}>
          Verify the signature
        </button>
        <button type="button" disabled={busy} onClick={csv}>
          Download CSV
        </button>
        <button type="button" disabled={busy} onClick={jsonFile}>
          Download JSON
        </button>
        {finance && statement.acknowledgedAt === null && (
          <button type="button" disabled={busy} onClick={acknowledge}>
            Acknowledge
          </button>
        )}
      </div>
      {verdict !== undefined && (
        <p role="status" class={verdict.startsWith('Signature valid') ? 'ok' : 'error'} data-testid="verdict">
          {verdict}
        </p>
      )}
      <Outcome message={message} />
      <Failure error={lines.error} />
      <form onSubmit={dispute} aria-labelledby="lines-title">
        <table>
          <caption id="lines-title">Lines of the statement</caption>
          <thead>
            <tr>
              {finance && <th scope="col">Dispute</th>}
              <th scope="col">Kind</th>
              <th scope="col">Reference</th>
              <th scope="col">Points</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {(lines.data?.data ?? []).map((line) => (
              <tr key={line.transferId}>
                {finance && (
                  <td>
                    <input
                      type="checkbox"
                      name="transfer"
                      value={line.transferId}
                      aria-label={`Dispute line ${line.transferId}`}
                    />
                  </td>
                )}
                <td>{line.kind}</td>
                <td>{line.externalReference ?? ''}</td>
                <td>{line.points}</td>
                <td>{line.amountExact}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {finance && (
          <>
            <Field label="Why these lines are disputed">
              <input name="reason" required maxLength={1000} />
            </Field>
            <button type="submit" disabled={busy}>
              Dispute the selected lines
            </button>
          </>
        )}
      </form>
    </section>
  );
}

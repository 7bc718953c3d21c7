import { json } from '../lib/api.js';
import { Failure, Field, formValue, money, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';
import { type Flow, FlowMatrix } from './flow-matrix.js';

interface Money {
  readonly amount: string;
  readonly currency: string;
}

interface Summary {
  readonly id: string;
  readonly number: number;
  readonly period: { closedAt: string; fromSequence: number; toSequence: number };
  readonly netting: { sumOfNets: Money; roundingResidue: string };
}

interface Dispute {
  readonly id: string;
  readonly partnerId: string;
  readonly transferIds: string[];
  readonly reason: string;
  readonly status: 'open' | 'accepted' | 'rejected';
}

interface Statement {
  readonly partnerId: string;
  readonly paymentStatus: string;
  readonly outstanding: Money;
  readonly paid: Money;
  readonly acknowledgedAt: string | null;
  readonly disputes: Dispute[];
}

interface Settlement {
  readonly settlement: {
    readonly number: number;
    readonly referenceCurrency: string;
    readonly statements: { partnerId: string; net: Money; netReference: Money; direction: string }[];
    readonly flows: Flow[];
    readonly netting: { marginExact: string; sumOfNets: Money; roundingResidue: string; networkNet: Money };
  };
  readonly statements: Statement[];
}

/** Periods and settlement: close a period, and for each closed one its statements, flows, netting. */
export function SettlementPage({
  settlementId,
  finance,
}: {
  settlementId: string | undefined;
  finance: boolean;
}) {
  const list = useApi<{ data: Summary[] }>('/v1/settlements?limit=20');
  const { busy, message, run } = useAction();
  const close = () =>
    run(async () => {
      const closed = await json<{ settlement: { settlementId: string } }>('POST', '/v1/settlements', {
        body: {},
      });
      list.reload();
      location.hash = `#/settlement/${closed.settlement.settlementId}`;
      return `Closed the period: ${closed.settlement.settlementId}.`;
    });
  return (
    <main id="main">
      <h1>Settlement</h1>
      {finance && (
        <button type="button" disabled={busy} onClick={close}>
          Close the open period
        </button>
      )}
      <Outcome message={message} />
      <Failure error={list.error} />
      <nav aria-label="Settlements">
        <ul class="pills">
          {(list.data?.data ?? []).map((summary) => (
            <li key={summary.id}>
              <a
                href={`#/settlement/${summary.id}`}
                aria-current={summary.id === settlementId ? 'page' : undefined}
              >
                Period {summary.number} · {new Date(summary.period.closedAt).toLocaleDateString()}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {settlementId !== undefined && <SettlementDetail id={settlementId} finance={finance} />}
    </main>
  );
}

function SettlementDetail({ id, finance }: { id: string; finance: boolean }) {
  const detail = useApi<Settlement>(`/v1/settlements/${id}`);
  const partners = useApi<{ data: { id: string; name: string }[] }>('/v1/partners?limit=100');
  const { busy, message, run } = useAction();
  if (detail.error) return <Failure error={detail.error} />;
  if (detail.data === undefined) return <p>Loading…</p>;
  const { settlement, statements } = detail.data;
  const names = Object.fromEntries((partners.data?.data ?? []).map((partner) => [partner.id, partner.name]));
  const name = (partnerId: string) => names[partnerId] ?? partnerId;

  const pay = (event: Event, statement: Statement) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    void run(async () => {
      await json('POST', `/v1/settlements/${id}/payments`, {
        body: {
          partnerId: statement.partnerId,
          amount: { amount: formValue(form, 'amount'), currency: statement.outstanding.currency },
          reference: formValue(form, 'reference'),
        },
      });
      detail.reload();
      return `Recorded the payment of ${name(statement.partnerId)}.`;
    });
  };
  const resolve = (event: Event, dispute: Dispute) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const decision = formValue(form, 'decision');
    const text = formValue(form, 'note');
    const points = Number.parseInt(formValue(form, 'points'), 10);
    const body =
      decision === 'accept'
        ? { decision, note: text, adjustment: { direction: 'credit', points } }
        : { decision: 'reject', reason: text };
    void run(async () => {
      await json('POST', `/v1/settlements/${id}/disputes/${dispute.id}/resolution`, { body });
      detail.reload();
      return `Dispute ${dispute.id} ${decision === 'accept' ? 'accepted' : 'rejected'}.`;
    });
  };

  const disputes = statements.flatMap((statement) => statement.disputes);
  return (
    <section aria-labelledby="detail-title">
      <h2 id="detail-title">Period {settlement.number}</h2>
      <Outcome message={message} />
      <h3>Statements and payments</h3>
      <table>
        <caption>One payment per partner: positive nets are owed by the partner</caption>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">Net</th>
            <th scope="col">In {settlement.referenceCurrency}</th>
            <th scope="col">Payment</th>
            <th scope="col">Outstanding</th>
            {finance && <th scope="col">Record a payment</th>}
          </tr>
        </thead>
        <tbody>
          {settlement.statements.map((line) => {
            const statement = statements.find((candidate) => candidate.partnerId === line.partnerId);
            return (
              <tr key={line.partnerId}>
                <th scope="row">{name(line.partnerId)}</th>
                <td>
                  {money(line.net)} ({line.direction.replace('_', ' ')})
                </td>
                <td>{money(line.netReference)}</td>
                <td>{statement?.paymentStatus.replace('_', ' ')}</td>
                <td>{money(statement?.outstanding)}</td>
                {finance && statement !== undefined && (
                  <td>
                    {statement.paymentStatus === 'open' || statement.paymentStatus === 'partially_paid' ? (
                      <form class="inline" onSubmit={(event) => pay(event, statement)}>
                        <Field label={`Amount (${statement.outstanding.currency})`}>
                          <input name="amount" required inputMode="decimal" size={8} />
                        </Field>
                        <Field label="Bank reference">
                          <input name="reference" required size={14} />
                        </Field>
                        <button type="submit" disabled={busy}>
                          Record<span class="visually-hidden"> the payment of {name(line.partnerId)}</span>
                        </button>
                      </form>
                    ) : (
                      '—'
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>Netting</h3>
      <dl class="netting">
        <dt>Network margin (exact)</dt>
        <dd>
          {settlement.netting.marginExact} {settlement.referenceCurrency}
        </dd>
        <dt>Sum of the partners' rounded nets</dt>
        <dd>{money(settlement.netting.sumOfNets)}</dd>
        <dt>Rounding residue (shown, not hidden)</dt>
        <dd data-testid="residue">
          {settlement.netting.roundingResidue} {settlement.referenceCurrency}
        </dd>
      </dl>
      <h3>Flows between partners</h3>
      <FlowMatrix flows={settlement.flows} names={names} />
      <h3>Disputes</h3>
      {disputes.length === 0 ? (
        <p>No disputes.</p>
      ) : (
        <ul class="disputes">
          {disputes.map((dispute) => (
            <li key={dispute.id}>
              <p>
                <strong>{name(dispute.partnerId)}</strong>: “{dispute.reason}” ({dispute.transferIds.length}{' '}
                lines) — {dispute.status}
              </p>
              {finance && dispute.status === 'open' && (
                <form class="inline" onSubmit={(event) => resolve(event, dispute)}>
                  <Field label="Decision">
                    <select name="decision">
                      <option value="accept">Accept with a credit</option>
                      <option value="reject">Reject</option>
                    </select>
                  </Field>
                  <Field label="Credit (points)">
                    <input name="points" inputMode="numeric" size={6} defaultValue="1" />
                  </Field>
                  <Field label="Note for the partner">
                    <input name="note" required size={24} />
                  </Field>
                  <button type="submit" disabled={busy}>
                    Resolve<span class="visually-hidden"> the dispute of {name(dispute.partnerId)}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { json } from '../lib/api.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';
import { MemberStatusSection } from './member-status.js';

interface MemberProfile {
  readonly id: string;
  readonly status: 'active' | 'merged' | 'erased';
  readonly externalReference: string | null;
  readonly enrolledByPartnerId: string;
  readonly createdAt: string;
  readonly balance: {
    readonly available: number;
    readonly pending: number;
    readonly owed: number;
    readonly unifiedAvailable: number;
    readonly expiringSoon: readonly { date: string; points: number }[];
  };
}

interface ActivityEntry {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly points: number;
  readonly pendingPoints: number;
  readonly createdAt: string;
  readonly label?: string;
  readonly partner: { name: string } | null;
}

/**
 * Member support: find a member by id or by a partner's card number (every read is audited as
 * `member.read`), see their balance, activity and status, give a goodwill credit when the role may,
 * and (admins) grant a status match or challenge.
 */
export function Members({
  memberId,
  mayCredit,
  admin,
}: {
  memberId: string | undefined;
  mayCredit: boolean;
  admin: boolean;
}) {
  const path = memberId === undefined ? undefined : `/v1/members/${encodeURIComponent(memberId)}`;
  const member = useApi<MemberProfile>(path);
  const activity = useApi<{ data: ActivityEntry[] }>(
    path === undefined ? undefined : `${path}/activity?limit=50`,
  );
  const { busy, message, run } = useAction();
  const partners = useApi<{ data: { id: string; name: string }[] }>('/v1/partners?limit=100');
  const search = useAction();

  const find = (event: Event) => {
    event.preventDefault();
    const id = formValue(event.currentTarget as HTMLFormElement, 'memberId');
    if (id !== '') location.hash = `#/members/${encodeURIComponent(id)}`;
  };

  const findByCard = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const partnerId = formValue(form, 'partnerId');
    const card = formValue(form, 'externalReference');
    void search.run(async () => {
      const query = `externalReference=${encodeURIComponent(card)}`;
      const holder = await json<{ memberId: string }>(
        'GET',
        `/v1/partners/${encodeURIComponent(partnerId)}/card-holder?${query}`,
      );
      location.hash = `#/members/${encodeURIComponent(holder.memberId)}`;
      return `Card ${card} belongs to ${holder.memberId}.`;
    });
  };

  const credit = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const points = Number(formValue(form, 'points'));
    const reason = formValue(form, 'reason');
    if (path === undefined) return;
    void run(async () => {
      await json('POST', `${path}/credits`, { body: { points, reason }, idempotent: true });
      form.reset();
      member.reload();
      activity.reload();
      return `Credited ${points} points of goodwill.`;
    });
  };

  const shown = member.data !== undefined && member.data.id === memberId ? member.data : undefined;
  return (
    <main id="main">
      <h1>Members</h1>
      <form onSubmit={find} aria-labelledby="find-title">
        <h2 id="find-title">Find a member</h2>
        <p>By member id (mem_…).</p>
        <Field label="Member id">
          <input name="memberId" required defaultValue={memberId ?? ''} autocomplete="off" />
        </Field>
        <button type="submit">Find</button>
      </form>
      <form onSubmit={findByCard} aria-labelledby="card-title">
        <h2 id="card-title">Find by a partner's card number</h2>
        <p>The card the partner gave at enrolment, or one it linked to the member later.</p>
        <Field label="Partner">
          <select name="partnerId" required>
            {(partners.data?.data ?? []).map((partner) => (
              <option key={partner.id} value={partner.id}>
                {partner.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Card number">
          <input name="externalReference" required maxLength={64} autocomplete="off" />
        </Field>
        <button type="submit" disabled={search.busy}>
          Look up the card
        </button>
        <Outcome message={search.message} />
      </form>
      <Failure error={partners.error} />
      <Failure error={member.error} />
      {shown !== undefined && (
        <section aria-labelledby="member-title">
          <h2 id="member-title">
            <code>{shown.id}</code>
          </h2>
          <dl data-testid="member-balance">
            <dt>Status</dt>
            <dd>{shown.status}</dd>
            <dt>Card number</dt>
            <dd>{shown.externalReference ?? '—'}</dd>
            <dt>Enrolled</dt>
            <dd>
              {new Date(shown.createdAt).toLocaleDateString()} by <code>{shown.enrolledByPartnerId}</code>
            </dd>
            <dt>Available</dt>
            <dd data-testid="available">{shown.balance.available} points</dd>
            <dt>Pending</dt>
            <dd>{shown.balance.pending} points</dd>
            <dt>Owed</dt>
            <dd>{shown.balance.owed} points</dd>
            <dt>With pools</dt>
            <dd>{shown.balance.unifiedAvailable} points</dd>
            <dt>Expiring soon</dt>
            <dd>
              {shown.balance.expiringSoon.length === 0
                ? 'none'
                : shown.balance.expiringSoon.map((lot) => `${lot.points} on ${lot.date}`).join('; ')}
            </dd>
          </dl>
          {mayCredit && shown.status === 'active' && (
            <form onSubmit={credit} aria-labelledby="credit-title">
              <h3 id="credit-title">Goodwill credit</h3>
              <Field label="Points">
                <input name="points" type="number" min={1} step={1} required inputMode="numeric" />
              </Field>
              <Field label="Reason (the member reads it)">
                <input name="reason" required maxLength={200} />
              </Field>
              <button type="submit" disabled={busy}>
                Give the credit
              </button>
            </form>
          )}
          <Outcome message={message} />
          <MemberStatusSection memberId={shown.id} admin={admin} />
          <Failure error={activity.error} />
          <table>
            <caption>Activity, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Where</th>
                <th scope="col">Points</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {(activity.data?.data ?? []).map((entry) => (
                <tr key={entry.id}>
                  <td>{new Date(entry.createdAt).toLocaleString()}</td>
                  <th scope="row">{entry.label ?? entry.kind}</th>
                  <td>{entry.partner?.name ?? 'the network'}</td>
                  <td>
                    {entry.points === 0 && entry.pendingPoints !== 0
                      ? `${entry.pendingPoints} pending`
                      : entry.points}
                  </td>
                  <td>{entry.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}

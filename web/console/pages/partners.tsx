import { useState } from 'preact/hooks';
import { json } from '../lib/api.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';
import { PartnerDetail } from './partner-detail.js';

interface Partner {
  readonly id: string;
  readonly name: string;
  readonly sector: string;
  readonly country: string;
  readonly settlementCurrency: string;
  readonly earnRate: string;
  readonly issuePrice: string;
  readonly redeemRate: string;
  readonly status: 'active' | 'suspended';
}

/** Partners: onboard, keys and terms, suspend, and the invitation of a partner's first admin. */
export function Partners({ admin }: { admin: boolean }) {
  const partners = useApi<{ data: Partner[] }>('/v1/partners?limit=100');
  const { busy, message, run } = useAction();
  const [selected, setSelected] = useState<string | undefined>(undefined);

  const onboard = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    void run(async () => {
      const created = await json<Partner>('POST', '/v1/partners', {
        body: {
          name: formValue(form, 'name'),
          sector: formValue(form, 'sector'),
          country: formValue(form, 'country'),
          settlementCurrency: formValue(form, 'settlementCurrency'),
          earnRate: formValue(form, 'earnRate'),
          issuePrice: formValue(form, 'issuePrice'),
          redeemRate: formValue(form, 'redeemRate'),
        },
      });
      form.reset();
      partners.reload();
      return `Onboarded ${created.name} (${created.id}).`;
    });
  };

  const inviteAdmin = (partner: Partner) =>
    run(async () => {
      const invitation = await json<{ code: string; url: string }>('POST', '/v1/staff/invitations', {
        body: { name: `${partner.name} admin`, role: 'admin', partnerId: partner.id },
      });
      return `Invitation for ${partner.name}: code ${invitation.code}, link ${invitation.url}`;
    });

  const setStatus = (partner: Partner, status: Partner['status']) =>
    run(async () => {
      await json('PATCH', `/v1/partners/${partner.id}`, { body: { status } });
      partners.reload();
      return `${partner.name} is ${status}.`;
    });

  return (
    <main id="main">
      <h1>Partners</h1>
      <Failure error={partners.error} />
      <table>
        <caption>Every partner of the coalition and its commercial terms</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Sector</th>
            <th scope="col">Currency</th>
            <th scope="col">Earn rate</th>
            <th scope="col">Issue price</th>
            <th scope="col">Redeem rate</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(partners.data?.data ?? []).map((partner) => (
            <tr key={partner.id}>
              <th scope="row">
                {partner.name}
                <br />
                <code>{partner.id}</code>
              </th>
              <td>
                {partner.sector}, {partner.country}
              </td>
              <td>{partner.settlementCurrency}</td>
              <td>{partner.earnRate}</td>
              <td>{partner.issuePrice}</td>
              <td>{partner.redeemRate}</td>
              <td>{partner.status}</td>
              <td class="actions">
                <button type="button" onClick={() => setSelected(partner.id)}>
                  Keys and terms<span class="visually-hidden"> of {partner.name}</span>
                </button>
                {admin && (
                  <>
                    <button type="button" disabled={busy} onClick={() => inviteAdmin(partner)}>
                      Invite admin<span class="visually-hidden"> of {partner.name}</span>
                    </button>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => setStatus(partner, partner.status === 'active' ? 'suspended' : 'active')}
                    >
                      {partner.status === 'active' ? 'Suspend' : 'Reactivate'}
                      <span class="visually-hidden"> {partner.name}</span>
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Outcome message={message} />
      {selected !== undefined && (
        <PartnerDetail partnerId={selected} admin={admin} onChange={partners.reload} />
      )}
      {admin && (
        <form onSubmit={onboard} aria-labelledby="onboard-title">
          <h2 id="onboard-title">Onboard a partner</h2>
          <Field label="Name">
            <input name="name" required maxLength={200} />
          </Field>
          <Field label="Sector">
            <input name="sector" required placeholder="hotel" />
          </Field>
          <Field label="Country (ISO 3166)">
            <input name="country" required pattern="[A-Z]{2}" placeholder="IT" />
          </Field>
          <Field label="Settlement currency (ISO 4217)">
            <input name="settlementCurrency" required pattern="[A-Z]{3}" placeholder="EUR" />
          </Field>
          <Field label="Earn rate (points per unit of reference currency)">
            <input name="earnRate" required inputMode="decimal" placeholder="1" />
          </Field>
          <Field label="Issue price (per point issued)">
            <input name="issuePrice" required inputMode="decimal" placeholder="0.012" />
          </Field>
          <Field label="Redeem rate (per point redeemed)">
            <input name="redeemRate" required inputMode="decimal" placeholder="0.009" />
          </Field>
          <button type="submit" disabled={busy}>
            Onboard
          </button>
        </form>
      )}
    </main>
  );
}

import { json } from '../lib/api.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface PartnerKey {
  readonly kid: string;
  readonly alg: string;
  readonly createdAt: string;
  readonly removedAt: string | null;
}

interface PartnerWithKeys {
  readonly id: string;
  readonly name: string;
  readonly earnRate: string;
  readonly issuePrice: string;
  readonly redeemRate: string;
  readonly keys: readonly PartnerKey[];
}

const TERMS = [
  ['earnRate', 'Earn rate'],
  ['issuePrice', 'Issue price'],
  ['redeemRate', 'Redeem rate'],
] as const;

/**
 * One partner's keys and terms: an admin revokes a key (tokens signed with it are refused from
 * then on) and changes the terms (only the fields changed are sent; new terms apply from now on).
 */
export function PartnerDetail(props: { partnerId: string; admin: boolean; onChange: () => void }) {
  const partner = useApi<PartnerWithKeys>(`/v1/partners/${encodeURIComponent(props.partnerId)}`);
  const { busy, message, run } = useAction();
  const shown = partner.data?.id === props.partnerId ? partner.data : undefined;

  const revoke = (key: PartnerKey) =>
    run(async () => {
      await json('DELETE', `/v1/partners/${props.partnerId}/keys/${encodeURIComponent(key.kid)}`);
      partner.reload();
      return `Key ${key.kid} is revoked.`;
    });

  const saveTerms = (event: Event) => {
    event.preventDefault();
    if (shown === undefined) return;
    const form = event.currentTarget as HTMLFormElement;
    const changed = Object.fromEntries(
      TERMS.map(([name]) => [name, formValue(form, name)]).filter(
        ([name, value]) => value !== '' && value !== shown[name as (typeof TERMS)[number][0]],
      ),
    );
    void run(async () => {
      if (Object.keys(changed).length === 0) return 'Nothing changed.';
      await json('PATCH', `/v1/partners/${props.partnerId}`, { body: changed });
      partner.reload();
      props.onChange();
      return `New terms for ${shown.name}: ${Object.keys(changed).join(', ')}.`;
    });
  };

  return (
    <section aria-labelledby="partner-detail-title">
      <Failure error={partner.error} />
      {shown !== undefined && (
        <>
          <h2 id="partner-detail-title">{shown.name}: keys and terms</h2>
          <table>
            <caption>Public keys {shown.name} signs its tokens with</caption>
            <thead>
              <tr>
                <th scope="col">Key id</th>
                <th scope="col">Algorithm</th>
                <th scope="col">Registered</th>
                <th scope="col">Revoked</th>
                {props.admin && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {shown.keys.map((key) => (
                <tr key={key.kid}>
                  <th scope="row">
                    <code>{key.kid}</code>
                  </th>
                  <td>{key.alg}</td>
                  <td>{new Date(key.createdAt).toLocaleString()}</td>
                  <td>{key.removedAt === null ? 'no' : new Date(key.removedAt).toLocaleString()}</td>
                  {props.admin && (
                    <td>
                      {key.removedAt === null && (
                        <button type="button" disabled={busy} onClick={() => void revoke(key)}>
                          Revoke<span class="visually-hidden"> key {key.kid}</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {props.admin && (
            <form onSubmit={saveTerms} aria-labelledby="terms-title" key={shown.id}>
              <h3 id="terms-title">Terms of {shown.name}</h3>
              {TERMS.map(([name, label]) => (
                <Field label={label} key={name}>
                  <input name={name} required inputMode="decimal" defaultValue={shown[name]} />
                </Field>
              ))}
              <button type="submit" disabled={busy}>
                Save the terms
              </button>
            </form>
          )}
          <Outcome message={message} />
        </>
      )}
    </section>
  );
}

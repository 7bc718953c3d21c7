import { useState } from 'preact/hooks';
import { json } from '../lib/api.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface StaffUser {
  readonly id: string;
  readonly partnerId: string | null;
  readonly role: 'admin' | 'finance' | 'support';
  readonly name: string;
  readonly status: 'invited' | 'active' | 'disabled';
  readonly createdAt: string;
}

interface Invitation {
  readonly user: StaffUser;
  readonly code: string;
  readonly url: string;
  readonly expiresAt: string;
}

/**
 * Staff: the operator's staff users, or a partner's, and (for admins) an invitation with a role,
 * whose link the admin hands over; the code is shown once. The API has no route to disable or
 * remove a staff user yet, so the page offers none.
 */
export function Staff({ admin }: { admin: boolean }) {
  const [scope, setScope] = useState('');
  const partners = useApi<{ data: { id: string; name: string }[] }>('/v1/partners?limit=100');
  const staff = useApi<{ data: StaffUser[] }>(
    scope === '' ? '/v1/staff' : `/v1/staff?partnerId=${encodeURIComponent(scope)}`,
  );
  const [invitation, setInvitation] = useState<Invitation | undefined>(undefined);
  const { busy, message, run } = useAction();
  const partnerName = (partnerId: string) =>
    partners.data?.data.find((partner) => partner.id === partnerId)?.name ?? partnerId;

  const inviteUser = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const role = formValue(form, 'role');
    void run(async () => {
      setInvitation(undefined);
      const created = await json<Invitation>('POST', '/v1/staff/invitations', {
        body: { name: formValue(form, 'name'), role, ...(scope === '' ? {} : { partnerId: scope }) },
      });
      setInvitation(created);
      form.reset();
      staff.reload();
      return `Invited ${created.user.name} as ${created.user.role}.`;
    });
  };

  const roles = scope === '' ? ['admin', 'finance', 'support'] : ['admin', 'finance'];
  const whose = scope === '' ? 'the operator' : partnerName(scope);
  return (
    <main id="main">
      <h1>Staff</h1>
      <Field label="Whose staff">
        <select
          name="scope"
          value={scope}
          onChange={(event) => {
            setInvitation(undefined);
            setScope((event.currentTarget as HTMLSelectElement).value);
          }}
        >
          <option value="">The operator</option>
          {(partners.data?.data ?? []).map((partner) => (
            <option key={partner.id} value={partner.id}>
              {partner.name}
            </option>
          ))}
        </select>
      </Field>
      <Failure error={partners.error} />
      <Failure error={staff.error} />
      <table>
        <caption>Staff users of {whose}, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Invited</th>
          </tr>
        </thead>
        <tbody>
          {(staff.data?.data ?? []).map((user) => (
            <tr key={user.id}>
              <th scope="row">
                {user.name}
                <br />
                <code>{user.id}</code>
              </th>
              <td>{user.role}</td>
              <td>{user.status}</td>
              <td>{new Date(user.createdAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {admin && (
        <form onSubmit={inviteUser} aria-labelledby="invite-title">
          <h2 id="invite-title">Invite a staff user of {whose}</h2>
          <Field label="Name">
            <input name="name" required maxLength={100} autocomplete="off" />
          </Field>
          <Field label="Role">
            <select name="role" required>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" disabled={busy}>
            Invite
          </button>
        </form>
      )}
      <Outcome message={message} />
      {invitation !== undefined && (
        <section aria-labelledby="invitation-title" data-testid="invitation">
          <h2 id="invitation-title">Invitation for {invitation.user.name}</h2>
          <p>
            Hand this link over (it is shown only now); it works once, until{' '}
            {new Date(invitation.expiresAt).toLocaleString()}.
          </p>
          <p>
            <a href={invitation.url}>{invitation.url}</a>
          </p>
          <p>
            Code: <code>{invitation.code}</code>
          </p>
        </section>
      )}
    </main>
  );
}

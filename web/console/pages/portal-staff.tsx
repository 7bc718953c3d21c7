import { json } from '../lib/api.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface StaffUser {
  readonly id: string;
  readonly name: string;
  readonly role: 'admin' | 'finance';
  readonly status: 'invited' | 'active' | 'disabled';
  readonly createdAt: string;
}

/**
 * The partner's own staff: who may sign in to the portal and with which role. An admin invites a
 * colleague; the invitation's link is shown once, to hand over, and accepted with a passkey.
 */
export function PortalStaff({ admin }: { admin: boolean }) {
  const staff = useApi<{ data: StaffUser[] }>('/v1/staff');
  const { busy, message, run } = useAction();

  const invite = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    void run(async () => {
      const name = formValue(form, 'name');
      const invitation = await json<{ code: string; url: string; expiresAt: string }>(
        'POST',
        '/v1/staff/invitations',
        { body: { name, role: formValue(form, 'role') } },
      );
      form.reset();
      staff.reload();
      return `Invitation for ${name}, shown once: code ${invitation.code}, link ${invitation.url} (valid until ${new Date(invitation.expiresAt).toLocaleString()}).`;
    });
  };

  return (
    <main id="main">
      <h1>Staff</h1>
      <Failure error={staff.error} />
      <table>
        <caption>Your staff, oldest first</caption>
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
      <Outcome message={message} />
      {admin && (
        <form onSubmit={invite} aria-labelledby="invite-title">
          <h2 id="invite-title">Invite a colleague</h2>
          <Field label="Name">
            <input name="name" required maxLength={100} />
          </Field>
          <Field label="Role">
            <select name="role" required>
              <option value="finance">Finance: reads everything, acknowledges and disputes statements</option>
              <option value="admin">Admin: every write of the partner</option>
            </select>
          </Field>
          <button type="submit" disabled={busy}>
            Invite
          </button>
        </form>
      )}
    </main>
  );
}

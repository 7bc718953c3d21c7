import { Failure } from '../lib/ui.js';
import { useApi } from '../lib/use.js';

interface Entry {
  readonly id: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly createdAt: string;
}

/** What operators did, newest first: a staff user's actions carry their `stf_…` id. */
export function AuditLog() {
  const log = useApi<{ data: Entry[] }>('/v1/audit-log?limit=50');
  return (
    <main id="main">
      <h1>Audit log</h1>
      <Failure error={log.error} />
      <table>
        <caption>The newest 50 actions</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">About</th>
          </tr>
        </thead>
        <tbody>
          {(log.data?.data ?? []).map((entry) => (
            <tr key={entry.id}>
              <td>{new Date(entry.createdAt).toLocaleString()}</td>
              <td>
                <code>{entry.actor}</code>
              </td>
              <td>{entry.action}</td>
              <td>
                <code>{entry.target}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

import { json } from '../lib/api.js';
import { Failure, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface TroubledEndpoint {
  readonly id: string;
  readonly partnerId: string | null;
  readonly url: string;
  readonly status: 'enabled' | 'disabled';
  readonly disabledReason: 'owner' | 'gone' | 'failing' | null;
  readonly failingSince: string | null;
  readonly pendingDeliveries: number;
  readonly lastAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
}

interface WebhookHealth {
  readonly endpoints: { readonly enabled: number; readonly failing: number; readonly disabled: number };
  readonly backlog: {
    readonly pendingDeliveries: number;
    readonly oldestUndelivered: { eventId: string; occurredAt: string } | null;
    readonly eventsAwaitingFanOut: number;
  };
  readonly troubledEndpoints: readonly TroubledEndpoint[];
}

const REASONS = { owner: 'by its owner', gone: 'it answered 410 Gone', failing: 'failing for days' };

const when = (time: string | null) => (time === null ? '—' : new Date(time).toLocaleString());

/**
 * Webhook health across the network: counts, the backlog, and every endpoint failing or disabled by
 * a 410 or by failures, longest failing first. The operator enables its own endpoints again here;
 * a partner's endpoint is its partner's to enable (in the partner portal, or with the API).
 */
export function Webhooks({ admin }: { admin: boolean }) {
  const health = useApi<WebhookHealth>('/v1/network/webhooks');
  const partners = useApi<{ data: { id: string; name: string }[] }>('/v1/partners?limit=100');
  const { busy, message, run } = useAction();
  const name = (partnerId: string) =>
    partners.data?.data.find((partner) => partner.id === partnerId)?.name ?? partnerId;

  const enable = (endpoint: TroubledEndpoint) =>
    run(async () => {
      await json('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { body: { status: 'enabled' } });
      health.reload();
      return `${endpoint.url} is enabled again: deliveries resume where they stopped.`;
    });

  const now = health.data;
  return (
    <main id="main">
      <h1>Webhook health</h1>
      <Failure error={health.error} />
      <Failure error={partners.error} />
      {now !== undefined && (
        <>
          <dl class="netting" data-testid="webhook-counts">
            <dt>Endpoints enabled</dt>
            <dd>{now.endpoints.enabled}</dd>
            <dt>Of them failing</dt>
            <dd>{now.endpoints.failing}</dd>
            <dt>Disabled</dt>
            <dd>{now.endpoints.disabled}</dd>
            <dt>Deliveries pending</dt>
            <dd>{now.backlog.pendingDeliveries}</dd>
            <dt>Oldest undelivered event</dt>
            <dd>
              {now.backlog.oldestUndelivered === null
                ? 'none'
                : `${now.backlog.oldestUndelivered.eventId}, ${when(now.backlog.oldestUndelivered.occurredAt)}`}
            </dd>
          </dl>
          <Outcome message={message} />
          {now.troubledEndpoints.length === 0 ? (
            <p>Every endpoint is delivering.</p>
          ) : (
            <table>
              <caption>Endpoints failing or disabled, longest failing first</caption>
              <thead>
                <tr>
                  <th scope="col">Endpoint</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Status</th>
                  <th scope="col">Failing since</th>
                  <th scope="col">Pending</th>
                  <th scope="col">Last attempt</th>
                  <th scope="col">What to do</th>
                </tr>
              </thead>
              <tbody>
                {now.troubledEndpoints.map((endpoint) => (
                  <tr key={endpoint.id}>
                    <th scope="row">
                      {endpoint.url}
                      <br />
                      <code>{endpoint.id}</code>
                    </th>
                    <td>{endpoint.partnerId === null ? 'the network' : name(endpoint.partnerId)}</td>
                    <td>
                      {endpoint.status === 'enabled'
                        ? 'enabled, failing'
                        : `disabled: ${endpoint.disabledReason === null ? '' : REASONS[endpoint.disabledReason]}`}
                    </td>
                    <td>{when(endpoint.failingSince)}</td>
                    <td>{endpoint.pendingDeliveries}</td>
                    <td>
                      {when(endpoint.lastAttemptAt)}
                      <br />
                      {endpoint.lastStatusCode === null
                        ? (endpoint.lastError ?? '')
                        : `answered ${endpoint.lastStatusCode}`}
                    </td>
                    <td>
                      {endpoint.partnerId !== null ? (
                        <a href="#/partners">
                          Its partner fixes it
                          <span class="visually-hidden"> ({name(endpoint.partnerId)})</span>
                        </a>
                      ) : endpoint.status === 'disabled' && admin ? (
                        <button type="button" disabled={busy} onClick={() => void enable(endpoint)}>
                          Enable again<span class="visually-hidden"> {endpoint.url}</span>
                        </button>
                      ) : (
                        'Fix the receiver; retries continue'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </main>
  );
}

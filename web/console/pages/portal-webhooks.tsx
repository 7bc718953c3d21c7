import { useState } from 'preact/hooks';
import { json } from '../lib/api.js';
import { PARTNER_EVENT_TYPES } from '../lib/event-types.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';

interface Endpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  readonly eventTypes: readonly string[];
  readonly status: 'enabled' | 'disabled';
  readonly disabledReason: string | null;
  readonly failingSince: string | null;
  readonly createdAt: string;
}

interface Attempt {
  readonly id: string;
  readonly eventId: string;
  readonly attempt: number;
  readonly attemptedAt: string;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly outcome: 'delivered' | 'failed' | 'gone';
}

/** A signing secret, shown once: the API keeps no copy it could show again. */
function SecretOnce({ secret }: { secret: { endpointId: string; value: string } | undefined }) {
  if (secret === undefined) return null;
  return (
    <section aria-labelledby="secret-title" class="secret">
      <h2 id="secret-title">Signing secret of {secret.endpointId}</h2>
      <p>Copy it now into your receiver: it is shown only this once.</p>
      <p>
        <code data-testid="secret">{secret.value}</code>
      </p>
    </section>
  );
}

/**
 * The partner's webhook endpoints: register one (URL and event types), rotate its signing secret,
 * and read its delivery log, from which one event can be sent again. Admins write; finance reads.
 */
export function PortalWebhooks({ endpointId, admin }: { endpointId: string | undefined; admin: boolean }) {
  const endpoints = useApi<{ data: Endpoint[] }>('/v1/webhook-endpoints?limit=100');
  const [secret, setSecret] = useState<{ endpointId: string; value: string } | undefined>(undefined);
  const { busy, message, run } = useAction();

  const create = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const eventTypes = new FormData(form).getAll('eventTypes').map(String);
    const description = formValue(form, 'description');
    void run(async () => {
      if (eventTypes.length === 0) throw new Error('Choose at least one event type.');
      const created = await json<Endpoint & { secret: string }>('POST', '/v1/webhook-endpoints', {
        body: { url: formValue(form, 'url'), eventTypes, ...(description === '' ? {} : { description }) },
      });
      form.reset();
      setSecret({ endpointId: created.id, value: created.secret });
      endpoints.reload();
      return `Registered endpoint ${created.id}.`;
    });
  };

  const rotate = (endpoint: Endpoint) =>
    run(async () => {
      const rotated = await json<Endpoint & { secret: string }>(
        'POST',
        `/v1/webhook-endpoints/${endpoint.id}/secret-rotations`,
        { body: { overlapHours: 24 } },
      );
      setSecret({ endpointId: rotated.id, value: rotated.secret });
      endpoints.reload();
      return `Rotated the secret of ${endpoint.id}; the previous one also signs for 24 hours.`;
    });

  return (
    <main id="main">
      <h1>Webhooks</h1>
      <Failure error={endpoints.error} />
      <table>
        <caption>Your webhook endpoints</caption>
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Event types</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(endpoints.data?.data ?? []).map((endpoint) => (
            <tr key={endpoint.id}>
              <th scope="row">
                {endpoint.url}
                <br />
                <code>{endpoint.id}</code>
                {endpoint.description !== null && (
                  <>
                    <br />
                    {endpoint.description}
                  </>
                )}
              </th>
              <td>{endpoint.eventTypes.join(', ')}</td>
              <td>
                {endpoint.status}
                {endpoint.disabledReason !== null && ` (${endpoint.disabledReason})`}
                {endpoint.failingSince !== null &&
                  `, failing since ${new Date(endpoint.failingSince).toLocaleString()}`}
              </td>
              <td class="actions">
                <a href={`#/webhooks/${endpoint.id}`}>
                  Delivery log<span class="visually-hidden"> of {endpoint.url}</span>
                </a>
                {admin && (
                  <button type="button" disabled={busy} onClick={() => rotate(endpoint)}>
                    Rotate secret<span class="visually-hidden"> of {endpoint.url}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Outcome message={message} />
      <SecretOnce secret={secret} />
      {endpointId !== undefined && <DeliveryLog endpointId={endpointId} admin={admin} />}
      {admin && (
        <form onSubmit={create} aria-labelledby="create-title">
          <h2 id="create-title">Register an endpoint</h2>
          <Field label="URL (https)">
            <input
              name="url"
              type="url"
              required
              maxLength={2000}
              placeholder="https://hooks.example.com/tessera"
            />
          </Field>
          <Field label="Description (optional)">
            <input name="description" maxLength={500} />
          </Field>
          <fieldset class="choices">
            <legend>Event types</legend>
            {PARTNER_EVENT_TYPES.map((type) => (
              <label key={type}>
                <input type="checkbox" name="eventTypes" value={type} /> {type}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={busy}>
            Register
          </button>
        </form>
      )}
    </main>
  );
}

/** One endpoint's delivery attempts, newest first; an event can be sent again from here. */
function DeliveryLog({ endpointId, admin }: { endpointId: string; admin: boolean }) {
  const path = `/v1/webhook-endpoints/${encodeURIComponent(endpointId)}`;
  const attempts = useApi<{ data: Attempt[] }>(`${path}/attempts?limit=100`);
  const { busy, message, run } = useAction();

  const redeliver = (attempt: Attempt) =>
    run(async () => {
      await json('POST', `${path}/redeliveries`, { body: { eventId: attempt.eventId } });
      attempts.reload();
      return `Event ${attempt.eventId} is scheduled for delivery again.`;
    });

  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Delivery log of {endpointId}</h2>
      <Failure error={attempts.error} />
      <button type="button" onClick={attempts.reload}>
        Refresh the log
      </button>
      <table>
        <caption>Delivery attempts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Attempt</th>
            <th scope="col">Outcome</th>
            <th scope="col">Status</th>
            <th scope="col">Latency</th>
            <th scope="col">Error</th>
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {(attempts.data?.data ?? []).map((attempt) => (
            <tr key={attempt.id}>
              <td>{new Date(attempt.attemptedAt).toLocaleString()}</td>
              <td>
                <code>{attempt.eventId}</code>
              </td>
              <td>{attempt.attempt}</td>
              <td>{attempt.outcome}</td>
              <td>{attempt.statusCode ?? ''}</td>
              <td>{attempt.latencyMs} ms</td>
              <td>{attempt.error ?? ''}</td>
              {admin && (
                <td class="actions">
                  <button type="button" disabled={busy} onClick={() => redeliver(attempt)}>
                    Redeliver<span class="visually-hidden"> event {attempt.eventId}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <Outcome message={message} />
    </section>
  );
}

import { useState } from 'preact/hooks';
import { json } from '../lib/api.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';
import type { Ladder } from './tier-editor.js';

type Cohort =
  | { type: 'points'; minPoints: number; asOf: string }
  | { type: 'tier'; tiers: string[]; tiersAt: string; minPoints: number | null; asOf: string | null };

interface Selection {
  readonly id: string;
  readonly name: string;
  readonly cohort: Cohort;
  readonly giftCardShare: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly status: 'open' | 'closing' | 'closed';
  readonly closedAt: string | null;
  readonly members: { total: number; undecided: number; chose: number; giftCard: number; nothing: number };
}

const date = (text: string) => new Date(text).toLocaleString();

function cohortText(cohort: Cohort): string {
  const points = (minPoints: number | null, asOf: string | null) =>
    minPoints === null || asOf === null
      ? ''
      : `at least ${minPoints.toLocaleString()} points on ${date(asOf)}`;
  return cohort.type === 'points'
    ? points(cohort.minPoints, cohort.asOf)
    : [
        `holding ${cohort.tiers.join(' or ')} on ${date(cohort.tiersAt)}`,
        points(cohort.minPoints, cohort.asOf),
      ]
        .filter((part) => part !== '')
        .join(', ');
}

/** A `datetime-local` value, read as the browser's local time, as RFC 3339 (sent as typed when blank). */
function instant(value: string): string {
  const parsed = new Date(value);
  return value === '' || Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}

/** A whole number as typed; anything else is sent as is, for the API to refuse with a problem. */
function whole(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * The yearly choice: open one for a cohort (by points held on a date, or by tier), follow each one's
 * outcomes, and close one whose window has ended — every member who chose nothing gets a gift card.
 * The API decides whether a window has ended (its clock, not the browser's).
 */
export function Selections({ admin }: { admin: boolean }) {
  const list = useApi<{ data: Selection[]; nextCursor: string | null }>('/v1/selections?limit=200');
  const ladder = useApi<Ladder>(admin ? '/v1/status/tiers' : undefined);
  const [cohortType, setCohortType] = useState<'points' | 'tier'>('points');
  const { busy, message, run } = useAction();

  const open = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const minPoints = formValue(form, 'minPoints');
    const asOf = formValue(form, 'asOf');
    const tiers = new FormData(form)
      .getAll('tiers')
      .filter((tier): tier is string => typeof tier === 'string');
    const points =
      minPoints === '' && asOf === '' ? {} : { minPoints: whole(minPoints), asOf: instant(asOf) };
    const cohort =
      cohortType === 'points' ? { type: 'points', ...points } : { type: 'tier', tiers, ...points };
    void run(async () => {
      const opened = await json<Selection>('POST', '/v1/selections', {
        body: {
          name: formValue(form, 'name'),
          cohort,
          giftCardShare: formValue(form, 'giftCardShare'),
          closesAt: instant(formValue(form, 'closesAt')),
        },
      });
      form.reset();
      list.reload();
      return `Opened “${opened.name}” for ${opened.members.total} members.`;
    });
  };

  const close = (selection: Selection) =>
    run(async () => {
      const closed = await json<Selection>('POST', `/v1/selections/${selection.id}/close`);
      list.reload();
      const { chose, giftCard, nothing, undecided } = closed.members;
      return closed.status === 'closed'
        ? `Closed “${closed.name}”: ${chose} chose, ${giftCard} received a gift card, ${nothing} had nothing to convert.`
        : `Still closing “${closed.name}”: ${undecided} members without an outcome; close again to go on.`;
    });

  return (
    <main id="main">
      <h1>Yearly choice</h1>
      <Failure error={list.error} />
      <Outcome message={message} />
      <table>
        <caption>Every yearly choice, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Choice</th>
            <th scope="col">Cohort</th>
            <th scope="col">Window</th>
            <th scope="col">Status</th>
            <th scope="col">Members</th>
            <th scope="col">Chose</th>
            <th scope="col">Gift card</th>
            <th scope="col">Nothing</th>
            <th scope="col">Undecided</th>
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {(list.data?.data ?? []).map((selection) => (
            <tr key={selection.id}>
              <th scope="row">
                {selection.name}
                <br />
                <code>{selection.id}</code>
              </th>
              <td>
                {cohortText(selection.cohort)}; a gift card worth{' '}
                {Number(selection.giftCardShare) === 1 ? 'all' : selection.giftCardShare} of their points
              </td>
              <td>
                {date(selection.opensAt)} – {date(selection.closesAt)}
              </td>
              <td>{selection.status}</td>
              <td>{selection.members.total}</td>
              <td>{selection.members.chose}</td>
              <td data-testid={`gift-cards-${selection.id}`}>{selection.members.giftCard}</td>
              <td>{selection.members.nothing}</td>
              <td>{selection.members.undecided}</td>
              {admin && (
                <td class="actions">
                  {selection.status !== 'closed' && (
                    <button type="button" disabled={busy} onClick={() => void close(selection)}>
                      Close<span class="visually-hidden"> {selection.name}</span>
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.nextCursor != null && <p>Showing the newest 200 yearly choices.</p>}
      {admin && (
        <form onSubmit={open} aria-labelledby="open-title">
          <h2 id="open-title">Open a yearly choice</h2>
          <Field label="Name members see">
            <input name="name" required maxLength={200} placeholder="Experiences 2027" />
          </Field>
          <Field label="Cohort">
            <select
              name="cohortType"
              value={cohortType}
              onChange={(event) =>
                setCohortType((event.currentTarget as HTMLSelectElement).value === 'tier' ? 'tier' : 'points')
              }
            >
              <option value="points">Members with at least a number of points on a date</option>
              <option value="tier">Members holding a tier now</option>
            </select>
          </Field>
          {cohortType === 'tier' && (
            <fieldset>
              <legend>Tiers (any of them)</legend>
              {(ladder.data?.tiers ?? []).length === 0 && <p>No tiers are published.</p>}
              {(ladder.data?.tiers ?? []).map((tier) => (
                <label class="check" key={tier.code}>
                  <input type="checkbox" name="tiers" value={tier.code} /> {tier.name}
                </label>
              ))}
            </fieldset>
          )}
          <Field label={cohortType === 'points' ? 'At least points' : 'And at least points (optional)'}>
            <input name="minPoints" required={cohortType === 'points'} inputMode="numeric" pattern="[0-9]+" />
          </Field>
          <Field label={cohortType === 'points' ? 'Held on' : 'Held on (with the points)'}>
            <input name="asOf" type="datetime-local" required={cohortType === 'points'} />
          </Field>
          <Field label="Gift card share of their points (0 to 1)">
            <input name="giftCardShare" required defaultValue="1" inputMode="decimal" />
          </Field>
          <Field label="Choices end">
            <input name="closesAt" type="datetime-local" required />
          </Field>
          <button type="submit" disabled={busy}>
            Open the yearly choice
          </button>
        </form>
      )}
    </main>
  );
}

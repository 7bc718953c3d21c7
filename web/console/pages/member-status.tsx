import { json } from '../lib/api.js';
import { Failure, Field, formValue, Outcome } from '../lib/ui.js';
import { useAction, useApi } from '../lib/use.js';
import type { Ladder } from './tier-editor.js';

interface MemberStatus {
  readonly tier: { code: string; name: string } | null;
  readonly basis: string;
  readonly explanation: string;
  readonly trial: { tier: string; endsAt: string; targetCredits: number; credits: number } | null;
}

/** A member's status as they see it, and (admins) a status match or challenge: a tier on trial. */
export function MemberStatusSection({ memberId, admin }: { memberId: string; admin: boolean }) {
  const path = `/v1/members/${encodeURIComponent(memberId)}/status`;
  const status = useApi<MemberStatus>(path);
  const ladder = useApi<Ladder>(admin ? '/v1/status/tiers' : undefined);
  const { busy, message, run } = useAction();

  const challenge = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = {
      tier: formValue(form, 'tier'),
      days: Number(formValue(form, 'days')),
      targetCredits: Number(formValue(form, 'targetCredits')),
      reason: formValue(form, 'reason'),
    };
    void run(async () => {
      const granted = await json<{ status: MemberStatus }>(
        'POST',
        `/v1/members/${encodeURIComponent(memberId)}/status-challenges`,
        { body },
      );
      form.reset();
      status.reload();
      return `Granted: ${granted.status.explanation}`;
    });
  };

  const tiers = ladder.data?.tiers ?? [];
  return (
    <section aria-labelledby="status-title">
      <h3 id="status-title">Status</h3>
      <Failure error={status.error} />
      {status.data !== undefined && (
        <p data-testid="member-status">
          {status.data.tier === null ? 'No tier' : status.data.tier.name} ({status.data.basis}):{' '}
          {status.data.explanation}
          {status.data.trial !== null &&
            ` On trial until ${new Date(status.data.trial.endsAt).toLocaleDateString()}: ${status.data.trial.credits} of ${status.data.trial.targetCredits} credits.`}
        </p>
      )}
      {admin && tiers.length > 0 && (
        <form onSubmit={challenge} aria-labelledby="challenge-title">
          <h4 id="challenge-title">Status match or challenge</h4>
          <p>The member holds the tier on trial for the days given, and keeps it by earning the target.</p>
          <Field label="Tier on trial">
            <select name="tier" required>
              {tiers.map((tier) => (
                <option key={tier.code} value={tier.code}>
                  {tier.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Days">
            <input name="days" type="number" min={1} max={366} step={1} required defaultValue="90" />
          </Field>
          <Field label="Qualifying credits to keep it (0: a match)">
            <input name="targetCredits" type="number" min={0} step={1} required defaultValue="0" />
          </Field>
          <Field label="Reason">
            <input name="reason" required maxLength={500} />
          </Field>
          <button type="submit" disabled={busy}>
            Grant the trial
          </button>
        </form>
      )}
      <Outcome message={message} />
    </section>
  );
}

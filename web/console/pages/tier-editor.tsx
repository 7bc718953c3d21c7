import { useEffect, useState } from 'preact/hooks';
import { json } from '../lib/api.js';
import { Field, Outcome } from '../lib/ui.js';
import { useAction } from '../lib/use.js';

export interface TierDefinition {
  readonly code: string;
  readonly name: string;
  readonly threshold: number;
  readonly lifetimeAfterYears: number | null;
  readonly benefits: {
    readonly description: string;
    readonly earnMultiplier: { multiplier: string; fundedBy: 'network' | 'partner' } | null;
    readonly roomUpgradeEligible: boolean;
    readonly perks: readonly string[];
  };
}

export interface Ladder {
  readonly id: string;
  readonly effectiveFrom: string;
  readonly tiers: readonly TierDefinition[];
}

/** A tier as the form holds it: text as typed, checked by the API when published. */
interface Draft {
  readonly key: string;
  code: string;
  name: string;
  threshold: string;
  lifetimeAfterYears: string;
  description: string;
  multiplier: string;
  fundedBy: 'network' | 'partner';
  roomUpgradeEligible: boolean;
  perks: string;
}

function draftOf(tier: TierDefinition | undefined): Draft {
  return {
    key: crypto.randomUUID(),
    code: tier?.code ?? '',
    name: tier?.name ?? '',
    threshold: tier === undefined ? '' : String(tier.threshold),
    lifetimeAfterYears: tier?.lifetimeAfterYears == null ? '' : String(tier.lifetimeAfterYears),
    description: tier?.benefits.description ?? '',
    multiplier: tier?.benefits.earnMultiplier?.multiplier ?? '',
    fundedBy: tier?.benefits.earnMultiplier?.fundedBy ?? 'network',
    roomUpgradeEligible: tier?.benefits.roomUpgradeEligible ?? false,
    perks: tier?.benefits.perks.join(', ') ?? '',
  };
}

/** Numbers are sent as typed (a blank or a word is sent as is), so the API's problem says what is wrong. */
function numberOrText(text: string): number | string {
  const value = Number(text);
  return text !== '' && Number.isFinite(value) ? value : text;
}

function tierOf(draft: Draft) {
  return {
    code: draft.code.trim(),
    name: draft.name.trim(),
    threshold: numberOrText(draft.threshold.trim()),
    lifetimeAfterYears:
      draft.lifetimeAfterYears.trim() === '' ? null : numberOrText(draft.lifetimeAfterYears),
    benefits: {
      description: draft.description.trim(),
      earnMultiplier:
        draft.multiplier.trim() === ''
          ? null
          : { multiplier: draft.multiplier.trim(), fundedBy: draft.fundedBy },
      roomUpgradeEligible: draft.roomUpgradeEligible,
      perks: draft.perks
        .split(',')
        .map((perk) => perk.trim())
        .filter((perk) => perk !== ''),
    },
  };
}

/**
 * Publishing the ladder (`PUT /v1/status/tiers`, operator admins): the whole ladder is sent at once,
 * lowest tier first, and replaces the one in force from now on; the API checks it.
 */
export function TierEditor({ ladder, published }: { ladder: Ladder; published: () => void }) {
  const [drafts, setDrafts] = useState<Draft[]>(() => ladder.tiers.map(draftOf));
  useEffect(() => setDrafts(ladder.tiers.map(draftOf)), [ladder]);
  const { busy, message, run } = useAction();

  const change = (key: string, patch: Partial<Draft>) =>
    setDrafts((current) => current.map((draft) => (draft.key === key ? { ...draft, ...patch } : draft)));
  const text = (key: string, field: keyof Draft) => (event: Event) =>
    change(key, { [field]: (event.currentTarget as HTMLInputElement).value });

  const publish = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const answer = await json<Ladder>('PUT', '/v1/status/tiers', {
        body: { tiers: drafts.map(tierOf) },
      });
      published();
      return `Published the ladder ${answer.id} with ${answer.tiers.length} tiers.`;
    });
  };

  return (
    <form onSubmit={publish} aria-labelledby="editor-title">
      <h3 id="editor-title">Edit the ladder</h3>
      <p>
        Lowest tier first. Publishing replaces the ladder from now on; ended windows keep the ladder they were
        judged by, and every status is reviewed.
      </p>
      {drafts.map((draft, index) => (
        <fieldset key={draft.key} class="tier">
          <legend>Tier {index + 1}</legend>
          <Field label="Code">
            <input value={draft.code} onInput={text(draft.key, 'code')} required pattern="[a-z][a-z0-9_]*" />
          </Field>
          <Field label="Name">
            <input value={draft.name} onInput={text(draft.key, 'name')} required maxLength={60} />
          </Field>
          <Field label="Qualifying credits">
            <input
              value={draft.threshold}
              onInput={text(draft.key, 'threshold')}
              required
              inputMode="numeric"
            />
          </Field>
          <Field label="Lifetime after years (blank: never)">
            <input
              value={draft.lifetimeAfterYears}
              onInput={text(draft.key, 'lifetimeAfterYears')}
              inputMode="numeric"
            />
          </Field>
          <Field label="Benefits, as members read them">
            <input
              value={draft.description}
              onInput={text(draft.key, 'description')}
              required
              maxLength={500}
            />
          </Field>
          <Field label="Earn multiplier (blank: none)">
            <input value={draft.multiplier} onInput={text(draft.key, 'multiplier')} inputMode="decimal" />
          </Field>
          <Field label="Bonus funded by">
            <select
              value={draft.fundedBy}
              onChange={(event) =>
                change(draft.key, {
                  fundedBy:
                    (event.currentTarget as HTMLSelectElement).value === 'partner' ? 'partner' : 'network',
                })
              }
            >
              <option value="network">the network</option>
              <option value="partner">the partner earned at</option>
            </select>
          </Field>
          <Field label="Perks (codes, comma separated)">
            <input value={draft.perks} onInput={text(draft.key, 'perks')} />
          </Field>
          <label class="check">
            <input
              type="checkbox"
              checked={draft.roomUpgradeEligible}
              onChange={(event) =>
                change(draft.key, { roomUpgradeEligible: (event.currentTarget as HTMLInputElement).checked })
              }
            />
            Room upgrades when available
          </label>
          <button
            type="button"
            onClick={() => setDrafts((current) => current.filter((other) => other.key !== draft.key))}
          >
            Remove tier {index + 1}
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => setDrafts((current) => [...current, draftOf(undefined)])}>
        Add a tier
      </button>
      <button type="submit" disabled={busy}>
        Publish the ladder
      </button>
      <Outcome message={message} />
    </form>
  );
}

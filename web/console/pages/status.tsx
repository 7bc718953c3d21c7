import { useState } from 'preact/hooks';
import { Failure, Field, formValue } from '../lib/ui.js';
import { useApi } from '../lib/use.js';
import { GratitudePeriods } from './gratitude-periods.js';
import { TierChart, type TierCount } from './tier-chart.js';
import { type Ladder, TierEditor } from './tier-editor.js';

interface GratitudePeriod {
  readonly period: string;
  readonly gifts: number;
  readonly credits: number;
  readonly points: number;
  readonly costExact: string;
}

interface GoalGiftPeriod {
  readonly period: string;
  readonly gifts: number;
  readonly points: number;
  readonly costExact: string;
}

interface GratitudeReport {
  readonly year: number;
  readonly referenceCurrency: string;
  readonly budget: { credits: number; used: number; remaining: number };
  readonly months: GratitudePeriod[];
  readonly total: GratitudePeriod;
  readonly goalGifts: {
    readonly budget: { points: number; used: number; remaining: number };
    readonly months: GoalGiftPeriod[];
    readonly total: GoalGiftPeriod;
  };
}

interface NetworkFunded {
  readonly kind: string;
  readonly points: number;
  readonly amountExact: string;
}

interface NetworkSummary {
  readonly referenceCurrency: string;
  readonly toDate: { networkFunded: NetworkFunded[] };
  readonly openPeriod: { networkFunded: NetworkFunded[] };
}

/** The kinds of the registry that are gratitude: gap gifts and the tier bonuses the network pays. */
const GRATITUDE_KINDS: Readonly<Record<string, string>> = {
  gap_gift: 'Gap gifts',
  tier_bonus_network: 'Tier bonuses paid by the network',
  tier_bonus_network_reversal: 'Tier bonuses taken back by refunds',
};

/**
 * Status: the ladder of tiers (published by admins), how many members hold each tier, and what
 * gratitude cost: gap gifts month by month against the yearly budget, and, kind by kind, what the
 * network's promotions budget paid for gifts and tier bonuses, to date, in the open period and in
 * each closed settlement period (as settlement counts it).
 */
export function StatusPage({ admin }: { admin: boolean }) {
  const ladder = useApi<Ladder>('/v1/status/tiers');
  const perTier = useApi<{ asOf: string; tiers: TierCount[] }>('/v1/status/members-per-tier');
  const [year, setYear] = useState<string | undefined>(undefined);
  const gratitude = useApi<GratitudeReport>(
    `/v1/status/gratitude${year === undefined ? '' : `?year=${encodeURIComponent(year)}`}`,
  );
  const summary = useApi<NetworkSummary>('/v1/network/summary');
  const published = () => {
    ladder.reload();
    perTier.reload();
  };

  const showYear = (event: Event) => {
    event.preventDefault();
    setYear(formValue(event.currentTarget as HTMLFormElement, 'year'));
  };

  const funded = (rows: readonly NetworkFunded[] | undefined, kind: string) =>
    rows?.find((row) => row.kind === kind);

  return (
    <main id="main">
      <h1>Status</h1>
      <section aria-labelledby="tiers-title">
        <h2 id="tiers-title">Tiers</h2>
        <Failure error={ladder.error} />
        {ladder.data !== undefined && ladder.data.tiers.length === 0 && <p>No tiers are published.</p>}
        {ladder.data !== undefined && ladder.data.tiers.length > 0 && (
          <table>
            <caption>
              The ladder in force since {new Date(ladder.data.effectiveFrom).toLocaleString()},{' '}
              <code>{ladder.data.id}</code>
            </caption>
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col">Qualifying credits</th>
                <th scope="col">Benefits</th>
                <th scope="col">Earn bonus</th>
                <th scope="col">Room upgrades</th>
                <th scope="col">Perks</th>
                <th scope="col">For life after</th>
              </tr>
            </thead>
            <tbody>
              {ladder.data.tiers.map((tier) => (
                <tr key={tier.code}>
                  <th scope="row">
                    {tier.name} <code>{tier.code}</code>
                  </th>
                  <td>{tier.threshold.toLocaleString()}</td>
                  <td>{tier.benefits.description}</td>
                  <td>
                    {tier.benefits.earnMultiplier === null
                      ? 'none'
                      : `×${tier.benefits.earnMultiplier.multiplier}, paid by the ${tier.benefits.earnMultiplier.fundedBy}`}
                  </td>
                  <td>{tier.benefits.roomUpgradeEligible ? 'yes' : 'no'}</td>
                  <td>{tier.benefits.perks.join(', ') || 'none'}</td>
                  <td>{tier.lifetimeAfterYears === null ? 'never' : `${tier.lifetimeAfterYears} years`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {admin && ladder.data !== undefined && <TierEditor ladder={ladder.data} published={published} />}
      </section>

      <section aria-labelledby="per-tier-title">
        <h2 id="per-tier-title">Members per tier</h2>
        <Failure error={perTier.error} />
        {perTier.data !== undefined && (
          <>
            <TierChart tiers={perTier.data.tiers} />
            <table>
              <caption>Members per tier, as of {new Date(perTier.data.asOf).toLocaleString()}</caption>
              <thead>
                <tr>
                  <th scope="col">Tier</th>
                  <th scope="col">Qualifying credits</th>
                  <th scope="col">Members</th>
                </tr>
              </thead>
              <tbody>
                {perTier.data.tiers.map((tier) => (
                  <tr key={tier.code ?? 'none'}>
                    <th scope="row">{tier.name}</th>
                    <td>{tier.threshold?.toLocaleString() ?? '—'}</td>
                    <td data-testid={`members-${tier.code ?? 'none'}`}>{tier.members}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section aria-labelledby="gratitude-title">
        <h2 id="gratitude-title">Gratitude</h2>
        <form class="inline" onSubmit={showYear} aria-label="Year of the gap gifts">
          <Field label="Year">
            <input
              name="year"
              type="number"
              min={2000}
              max={9999}
              step={1}
              required
              defaultValue={String(gratitude.data?.year ?? '')}
              key={gratitude.data?.year}
            />
          </Field>
          <button type="submit">Show the year</button>
        </form>
        <Failure error={gratitude.error} />
        {gratitude.data !== undefined && (
          <>
            <dl class="netting" data-testid="gratitude-budget">
              <dt>Budget for {gratitude.data.year}</dt>
              <dd>{gratitude.data.budget.credits.toLocaleString()} credits</dd>
              <dt>Given</dt>
              <dd>{gratitude.data.budget.used.toLocaleString()} credits</dd>
              <dt>Left</dt>
              <dd>{gratitude.data.budget.remaining.toLocaleString()} credits</dd>
            </dl>
            <table>
              <caption>
                Gap gifts in {gratitude.data.year}, month by month (cost in {gratitude.data.referenceCurrency}
                )
              </caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Gifts</th>
                  <th scope="col">Credits</th>
                  <th scope="col">Points</th>
                  <th scope="col">Cost</th>
                </tr>
              </thead>
              <tbody>
                {gratitude.data.months.map((month) => (
                  <tr key={month.period}>
                    <th scope="row">{month.period}</th>
                    <td>{month.gifts}</td>
                    <td>{month.credits}</td>
                    <td>{month.points}</td>
                    <td>{month.costExact}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">The year</th>
                  <td>{gratitude.data.total.gifts}</td>
                  <td>{gratitude.data.total.credits}</td>
                  <td>{gratitude.data.total.points}</td>
                  <td data-testid="gratitude-total">{gratitude.data.total.costExact}</td>
                </tr>
              </tbody>
            </table>
            <table>
              <caption>
                Goal gifts in {gratitude.data.year}: the last points to a catalogue item a member saves for
                (budget {gratitude.data.goalGifts.budget.points.toLocaleString()} points,{' '}
                {gratitude.data.goalGifts.budget.remaining.toLocaleString()} left; cost in{' '}
                {gratitude.data.referenceCurrency})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Gifts</th>
                  <th scope="col">Points</th>
                  <th scope="col">Cost</th>
                </tr>
              </thead>
              <tbody>
                {gratitude.data.goalGifts.months.map((month) => (
                  <tr key={month.period}>
                    <th scope="row">{month.period}</th>
                    <td>{month.gifts}</td>
                    <td>{month.points}</td>
                    <td>{month.costExact}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">The year</th>
                  <td>{gratitude.data.goalGifts.total.gifts}</td>
                  <td data-testid="goal-gifts-points">{gratitude.data.goalGifts.total.points}</td>
                  <td data-testid="goal-gifts-total">{gratitude.data.goalGifts.total.costExact}</td>
                </tr>
              </tbody>
            </table>
          </>
        )}
        <Failure error={summary.error} />
        {summary.data !== undefined && (
          <table>
            <caption>
              What the network's promotions budget paid for gratitude (cost in{' '}
              {summary.data.referenceCurrency}, at the price recorded on each transfer)
            </caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Points to date</th>
                <th scope="col">Cost to date</th>
                <th scope="col">Points in the open period</th>
                <th scope="col">Cost in the open period</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(GRATITUDE_KINDS).map(([kind, label]) => {
                const toDate = funded(summary.data?.toDate.networkFunded, kind);
                const open = funded(summary.data?.openPeriod.networkFunded, kind);
                return (
                  <tr key={kind}>
                    <th scope="row">
                      {label} <code>{kind}</code>
                    </th>
                    <td>{toDate?.points ?? 0}</td>
                    <td data-testid={`funded-${kind}`}>{toDate?.amountExact ?? '0'}</td>
                    <td>{open?.points ?? 0}</td>
                    <td>{open?.amountExact ?? '0'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <GratitudePeriods kinds={GRATITUDE_KINDS} />
      </section>
    </main>
  );
}

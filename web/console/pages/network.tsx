import { LineChart, type Series } from '../lib/chart.js';
import { Failure } from '../lib/ui.js';
import { useApi } from '../lib/use.js';

interface PointTotals {
  readonly issued: number;
  readonly redeemed: number;
  readonly expired: number;
  readonly networkFunded: number;
  readonly outstandingLiability: number;
}

interface ClosedPeriod {
  readonly id: string;
  readonly number: number;
  readonly period: { readonly closedAt: string };
  readonly totals: { readonly period: PointTotals; readonly atClose: PointTotals };
  readonly netting: {
    readonly marginExact: string;
    readonly networkFundedExact: string;
    readonly marginAfterNetworkFundedExact: string;
    readonly giftCardPaymentsExact?: string;
  };
}

interface Money {
  readonly amount: string;
  readonly currency: string;
}

interface NetworkSummary {
  readonly referenceCurrency: string;
  readonly points: PointTotals;
  readonly breakage: { readonly points: number; readonly value: Money };
  readonly outstandingLiability: { readonly points: number; readonly value: Money };
  readonly toDate: { readonly marginExact: string; readonly marginAfterNetworkFundedExact: string };
  readonly openPeriod: { readonly points: PointTotals; readonly marginExact: string };
  readonly giftCardLiability: { readonly currencies: readonly { currency: string; outstanding: Money }[] };
}

/** How many closed periods the charts draw: the newest, one page of the settlements list. */
const PERIODS_DRAWN = 100;

function seriesOf(periods: readonly ClosedPeriod[], name: string, value: (period: ClosedPeriod) => string) {
  return { name, values: periods.map(value) } satisfies Series;
}

/**
 * The network over time: today's totals from `GET /v1/network/summary`, and per closed period
 * (from the settlements list, which carries each period's point totals and netting) the points
 * issued, redeemed, expired and given by the network, and the network's margin.
 */
export function Network() {
  const summary = useApi<NetworkSummary>('/v1/network/summary');
  const settlements = useApi<{ data: ClosedPeriod[] }>(`/v1/settlements?limit=${PERIODS_DRAWN}`);
  const periods = [...(settlements.data?.data ?? [])].reverse();
  const labels = periods.map(
    (period) => `#${period.number} ${new Date(period.period.closedAt).toISOString().slice(0, 10)}`,
  );
  const now = summary.data;
  return (
    <main id="main">
      <h1>Network</h1>
      <Failure error={summary.error} />
      <Failure error={settlements.error} />
      {now !== undefined && (
        <dl class="netting" data-testid="network-totals">
          <dt>Points issued to date</dt>
          <dd>{now.points.issued}</dd>
          <dt>Points redeemed to date</dt>
          <dd>{now.points.redeemed}</dd>
          <dt>Points in wallets (liability)</dt>
          <dd>
            {now.outstandingLiability.points} ({now.outstandingLiability.value.amount}{' '}
            {now.outstandingLiability.value.currency})
          </dd>
          <dt>Breakage to date</dt>
          <dd>
            {now.breakage.points} points ({now.breakage.value.amount} {now.breakage.value.currency})
          </dd>
          <dt>Margin to date</dt>
          <dd>
            {now.toDate.marginExact} {now.referenceCurrency}
          </dd>
          <dt>After what the network funded</dt>
          <dd>
            {now.toDate.marginAfterNetworkFundedExact} {now.referenceCurrency}
          </dd>
          <dt>Open period so far</dt>
          <dd>
            {now.openPeriod.points.issued} issued, {now.openPeriod.points.redeemed} redeemed, margin{' '}
            {now.openPeriod.marginExact} {now.referenceCurrency}
          </dd>
          <dt>Gift card liability</dt>
          <dd>
            {now.giftCardLiability.currencies.length === 0
              ? 'none'
              : now.giftCardLiability.currencies
                  .map((entry) => `${entry.outstanding.amount} ${entry.outstanding.currency}`)
                  .join('; ')}
          </dd>
        </dl>
      )}
      <h2>Closed periods</h2>
      {settlements.data !== undefined && periods.length === 0 && (
        <p>No period is closed yet: the charts start with the first close.</p>
      )}
      {periods.length > 0 && (
        <>
          <LineChart
            id="points"
            title="Points per period"
            description="Points issued, redeemed, expired (breakage) and funded by the network (goodwill, gratitude), per closed period."
            periods={labels}
            series={[
              seriesOf(periods, 'Issued', (period) => String(period.totals.period.issued)),
              seriesOf(periods, 'Redeemed', (period) => String(period.totals.period.redeemed)),
              seriesOf(periods, 'Expired', (period) => String(period.totals.period.expired)),
              seriesOf(periods, 'Network-funded', (period) => String(period.totals.period.networkFunded)),
            ]}
          />
          <LineChart
            id="liability"
            title="Points in wallets at each close"
            description="The liability: points members hold, at the end of each closed period."
            periods={labels}
            series={[
              seriesOf(periods, 'In wallets', (period) => String(period.totals.atClose.outstandingLiability)),
            ]}
          />
          <LineChart
            id="margin"
            title={`Network margin per period (${now?.referenceCurrency ?? 'reference currency'})`}
            description="The network's margin, what it funded itself, the margin after that, and what gift cards bought at partners, per closed period."
            periods={labels}
            series={[
              seriesOf(periods, 'Margin', (period) => period.netting.marginExact),
              seriesOf(periods, 'Network-funded', (period) => period.netting.networkFundedExact),
              seriesOf(periods, 'After funding', (period) => period.netting.marginAfterNetworkFundedExact),
              seriesOf(
                periods,
                'Gift card payments',
                (period) => period.netting.giftCardPaymentsExact ?? '0',
              ),
            ]}
          />
        </>
      )}
    </main>
  );
}

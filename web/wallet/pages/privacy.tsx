import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../shared/api.js';
import { BASE } from '../app.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type { MessageKey } from '../messages.js';
import type { ActivityPage, ConsentScopes, Consents, ContactSettings } from '../types.js';

const SCOPES: readonly (keyof ConsentScopes)[] = ['profile', 'tier', 'balance', 'messages'];

/** Privacy: what each partner may do, how often partners may write and when not, and my data. */
export function PrivacyPage() {
  const { t } = useWallet();
  return (
    <>
      <h1>{t('privacy.title')}</h1>
      <ConsentsSection />
      <ContactSection />
      <DataSection />
    </>
  );
}

interface ConsentRow {
  readonly partnerId: string;
  readonly partnerName: string;
  readonly scopes: ConsentScopes;
}

/** One row per partner: those decided for, then those of the member's activity (with the defaults). */
async function consentRows(api: Api): Promise<ConsentRow[]> {
  const [consents, activity] = await Promise.all([
    api.get<Consents>('/v1/me/consents'),
    api.get<ActivityPage>('/v1/me/activity?limit=100'),
  ]);
  const rows: ConsentRow[] = [...consents.data];
  const known = new Set(rows.map((row) => row.partnerId));
  for (const entry of activity.data) {
    if (entry.partner === null || known.has(entry.partner.id)) continue;
    known.add(entry.partner.id);
    rows.push({ partnerId: entry.partner.id, partnerName: entry.partner.name, scopes: consents.defaults });
  }
  return rows;
}

function ConsentsSection() {
  const { t, api, version } = useWallet();
  const [saves, setSaves] = useState(0);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const consents = useLoad(() => consentRows(api), [version, saves]);
  const change = async (partnerId: string, scopes: ConsentScopes) => {
    setSaved(false);
    try {
      await api.put(`/v1/me/consents/${encodeURIComponent(partnerId)}`, scopes);
      setProblem(undefined);
      setSaved(true);
    } catch (error) {
      setProblem(error);
    }
    setSaves((each) => each + 1);
  };
  const rows = consents.data ?? [];
  return (
    <section aria-labelledby="consents-title">
      <h2 id="consents-title">{t('privacy.consents')}</h2>
      <p>{t('privacy.consentsHelp')}</p>
      <ProblemMessage problem={problem ?? consents.problem} />
      {saved && <p role="status">{t('privacy.saved')}</p>}
      {consents.data !== undefined && rows.length === 0 && <p>{t('privacy.noPartners')}</p>}
      {rows.length > 0 && (
        <table class="consents">
          <thead>
            <tr>
              <th scope="col">{t('privacy.partner')}</th>
              {SCOPES.map((scope) => (
                <th scope="col" key={scope}>
                  {t(`privacy.scope.${scope}` as MessageKey)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.partnerId}>
                <th scope="row">{row.partnerName}</th>
                {SCOPES.map((scope) => (
                  <td key={scope}>
                    <input
                      type="checkbox"
                      role="switch"
                      checked={row.scopes[scope]}
                      aria-checked={row.scopes[scope]}
                      aria-label={t('privacy.scopeAt', {
                        scope: t(`privacy.scope.${scope}` as MessageKey),
                        partner: row.partnerName,
                      })}
                      onChange={(event) =>
                        change(row.partnerId, { ...row.scopes, [scope]: event.currentTarget.checked })
                      }
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ContactSection() {
  const { t, api, version } = useWallet();
  const settings = useLoad(() => api.get<ContactSettings>('/v1/me/contact-settings'), [version]);
  const [cap, setCap] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [problem, setProblem] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const data = settings.data;
  const [filled, setFilled] = useState(false);
  // The fields take the saved settings once; a later reload (the events feed) keeps what is typed.
  useEffect(() => {
    if (data === undefined || filled) return;
    setFilled(true);
    setCap(data.weeklyCap === null ? '' : String(data.weeklyCap));
    setFrom(data.quietHours?.from ?? '');
    setUntil(data.quietHours?.until ?? '');
  }, [data, filled]);
  if (data === undefined) return <ProblemMessage problem={settings.problem} />;
  return (
    <section aria-labelledby="contact-title">
      <h2 id="contact-title">{t('privacy.contact')}</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setSaved(false);
          const timeZone = data.quietHours?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
          try {
            await api.put('/v1/me/contact-settings', {
              weeklyCap: cap.trim() === '' ? null : Number(cap),
              topicCaps: data.topicCaps,
              quietHours: from !== '' && until !== '' ? { from, until, timeZone } : null,
            });
            setProblem(undefined);
            setSaved(true);
          } catch (error) {
            setProblem(error);
          }
        }}
      >
        <label for="weekly-cap">{t('privacy.weeklyCap', { network: String(data.networkWeeklyCap) })}</label>
        <input
          id="weekly-cap"
          type="number"
          min={0}
          inputMode="numeric"
          value={cap}
          onInput={(event) => setCap(event.currentTarget.value)}
        />
        <fieldset>
          <legend>{t('privacy.quietHours')}</legend>
          <p>{t('privacy.quietNone')}</p>
          <label for="quiet-from">{t('privacy.quietFrom')}</label>
          <input
            id="quiet-from"
            type="time"
            value={from}
            onInput={(event) => setFrom(event.currentTarget.value)}
          />
          <label for="quiet-until">{t('privacy.quietUntil')}</label>
          <input
            id="quiet-until"
            type="time"
            value={until}
            onInput={(event) => setUntil(event.currentTarget.value)}
          />
        </fieldset>
        <ProblemMessage problem={problem} />
        {saved && <p role="status">{t('privacy.saved')}</p>}
        <button type="submit">{t('privacy.saveContact')}</button>
      </form>
    </section>
  );
}

function DataSection() {
  const { t, api, navigate } = useWallet();
  const [problem, setProblem] = useState<unknown>(undefined);
  const [remaining, setRemaining] = useState<'forfeit' | 'none_left'>('none_left');
  const [confirmed, setConfirmed] = useState(false);
  return (
    <section aria-labelledby="data-title">
      <h2 id="data-title">{t('privacy.data')}</h2>
      <p>{t('privacy.exportHelp')}</p>
      <button
        type="button"
        onClick={async () => {
          try {
            const exported = await api.get<unknown>('/v1/me/export');
            const blob = new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' });
            const url = URL.createObjectURL(blob);
            const link = document.createElement('a');
            link.href = url;
            link.download = 'tessera-my-data.json';
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
            setProblem(undefined);
          } catch (error) {
            setProblem(error);
          }
        }}
      >
        {t('privacy.export')}
      </button>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (!confirmed) return;
          try {
            await api.delete<unknown>('/v1/me', { remainingPoints: remaining });
            api.signedOut();
            navigate(`${BASE}/`);
          } catch (error) {
            setProblem(error);
          }
        }}
      >
        <h3>{t('privacy.erase')}</h3>
        <p class="problem">{t('privacy.eraseWarning')}</p>
        <fieldset>
          <legend>{t('privacy.remaining')}</legend>
          <label>
            <input
              type="radio"
              name="remaining"
              checked={remaining === 'none_left'}
              onChange={() => setRemaining('none_left')}
            />{' '}
            {t('privacy.noneLeft')}
          </label>
          <label>
            <input
              type="radio"
              name="remaining"
              checked={remaining === 'forfeit'}
              onChange={() => setRemaining('forfeit')}
            />{' '}
            {t('privacy.forfeit')}
          </label>
        </fieldset>
        <label>
          <input
            type="checkbox"
            checked={confirmed}
            onChange={(event) => setConfirmed(event.currentTarget.checked)}
          />{' '}
          {t('privacy.confirm')}
        </label>
        <ProblemMessage problem={problem} />
        <button type="submit" class="danger" disabled={!confirmed}>
          {t('privacy.eraseSubmit')}
        </button>
      </form>
    </section>
  );
}

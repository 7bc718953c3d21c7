import { useState } from 'preact/hooks';
import { createPasskey } from '../../shared/passkeys.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type { PasskeyList } from '../types.js';
import { ProblemMessage } from './problem.js';

interface RegistrationOptions {
  readonly challengeToken: string;
  readonly publicKey: PublicKeyCredentialCreationOptionsJSON;
}

/**
 * The passkeys that sign the member in: another one on a new device, and removing one (a lost
 * phone ends every session it signed in). The API refuses to remove the last one.
 */
export function PasskeysSection() {
  const { t, format, api } = useWallet();
  const [changes, setChanges] = useState(0);
  const passkeys = useLoad(() => api.get<PasskeyList>('/v1/me/passkeys'), [changes]);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);

  async function act(change: () => Promise<unknown>, message: string) {
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    try {
      await change();
      setDone(message);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
      setChanges((each) => each + 1);
    }
  }

  async function add() {
    const options = await api.post<RegistrationOptions>('/v1/me/passkeys/challenges');
    const credential = await createPasskey(options.publicKey);
    await api.post('/v1/me/passkeys', {
      challengeToken: options.challengeToken,
      credential,
      name: name.trim() === '' ? t('passkey.name') : name.trim(),
    });
    setName('');
  }

  const list = passkeys.data?.data;
  return (
    <section aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">{t('passkeys.title')}</h2>
      <p>{t('passkeys.text')}</p>
      <ProblemMessage problem={problem ?? passkeys.problem} />
      {done !== undefined && <p role="status">{done}</p>}
      {list?.length === 0 && <p>{t('passkeys.none')}</p>}
      <ul class="activity">
        {list?.map((passkey) => (
          <li key={passkey.id}>
            <span class="what">
              <strong>{passkey.name}</strong>
              <small>
                {t('passkeys.created', { date: format.date(passkey.createdAt) })}
                {passkey.lastUsedAt === null
                  ? ''
                  : ` · ${t('passkeys.used', { date: format.date(passkey.lastUsedAt) })}`}
              </small>
            </span>
            <button
              type="button"
              class="danger"
              disabled={busy}
              aria-label={`${t('passkeys.remove')}: ${passkey.name}`}
              onClick={() =>
                act(
                  () => api.delete(`/v1/me/passkeys/${encodeURIComponent(passkey.id)}`),
                  t('passkeys.removed', { name: passkey.name }),
                )
              }
            >
              {t('passkeys.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="fields"
        onSubmit={(event) => {
          event.preventDefault();
          void act(add, t('passkeys.added'));
        }}
      >
        <label>
          {t('passkeys.name')}
          <input
            value={name}
            maxLength={60}
            placeholder={t('passkey.name')}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          {t('passkeys.add')}
        </button>
      </form>
    </section>
  );
}

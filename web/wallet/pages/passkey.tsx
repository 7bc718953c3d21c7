import { useState } from 'preact/hooks';
import { createPasskey } from '../../shared/passkeys.js';
import { BASE } from '../app.js';
import { Link } from '../components/link.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';

interface RegistrationOptions {
  readonly challengeToken: string;
  readonly publicKey: PublicKeyCredentialCreationOptionsJSON;
}

/** After a claim: create a passkey on this device, so that the next sign-in needs no code. */
export function PasskeyPage() {
  const { t, api, navigate } = useWallet();
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function create() {
    setBusy(true);
    setProblem(undefined);
    try {
      const options = await api.post<RegistrationOptions>('/v1/me/passkeys/challenges');
      const credential = await createPasskey(options.publicKey);
      await api.post('/v1/me/passkeys', {
        challengeToken: options.challengeToken,
        credential,
        name: t('passkey.name'),
      });
      navigate(`${BASE}/`);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t('passkey.title')}</h1>
      <p>{t('passkey.text')}</p>
      <button type="button" class="primary" onClick={create} disabled={busy}>
        {t('passkey.create')}
      </button>
      <ProblemMessage problem={problem} />
      <p>
        <Link href={`${BASE}/`}>{t('passkey.later')}</Link>
      </p>
    </>
  );
}

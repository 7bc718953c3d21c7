import { useState } from 'preact/hooks';
import { usePasskey } from '../../shared/passkeys.js';
import { BASE } from '../app.js';
import { Link } from '../components/link.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import type { Session } from '../types.js';

interface SignInOptions {
  readonly challengeToken: string;
  readonly publicKey: PublicKeyCredentialRequestOptionsJSON;
}

/** Signed out: sign in with a passkey, or claim the wallet with a code. */
export function WelcomePage() {
  const { t, api, navigate } = useWallet();
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function signIn() {
    setBusy(true);
    setProblem(undefined);
    try {
      const options = await api.post<SignInOptions>('/v1/sessions/passkey/challenges');
      const credential = await usePasskey(options.publicKey);
      const session = await api.post<Session>('/v1/sessions/passkey', {
        challengeToken: options.challengeToken,
        credential,
        cookie: true,
      });
      api.signedIn(session);
      navigate(location.pathname.startsWith(`${BASE}/`) ? location.pathname + location.hash : `${BASE}/`);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="welcome">
      <h1>{t('welcome.title')}</h1>
      <p>{t('welcome.text')}</p>
      <button type="button" class="primary" onClick={signIn} disabled={busy}>
        {t('welcome.signIn')}
      </button>
      <ProblemMessage problem={problem} />
      <p>
        <Link href={`${BASE}/claim`}>{t('welcome.claim')}</Link>
      </p>
    </main>
  );
}

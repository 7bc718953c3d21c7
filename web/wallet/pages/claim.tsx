import { useState } from 'preact/hooks';
import { BASE } from '../app.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import type { Session } from '../types.js';

/** The code from a claim link (`/wallet/claim#code=…`): in the fragment, which no server ever receives. */
function codeFromLink(): string {
  return new URLSearchParams(location.hash.slice(1)).get('code') ?? '';
}

/** Claims the wallet with the code from enrolment; then offers to create a passkey. */
export function ClaimPage() {
  const { t, api, navigate } = useWallet();
  const [code, setCode] = useState(codeFromLink);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function claim(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const session = await api.post<Session>('/v1/claims', { code, cookie: true });
      // The code is spent: keep it out of the history and the address bar.
      history.replaceState(null, '', `${BASE}/claim`);
      api.signedIn(session);
      navigate(`${BASE}/passkey`);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main">
      <h1>{t('claim.title')}</h1>
      <p>{t('claim.text')}</p>
      <form onSubmit={claim}>
        <label for="claim-code">{t('claim.code')}</label>
        <input
          id="claim-code"
          name="code"
          autocomplete="one-time-code"
          autocapitalize="characters"
          spellcheck={false}
          required
          maxLength={64}
          value={code}
          onInput={(event) => setCode(event.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={busy}>
          {t('claim.submit')}
        </button>
      </form>
      <ProblemMessage problem={problem} />
    </main>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { Api } from '../shared/api.js';
import { formatsFor } from '../shared/format.js';
import { chooseLocale, translator } from '../shared/i18n.js';
import { Navigation } from './components/navigation.js';
import { type Wallet, WalletContext } from './context.js';
import { followEvents } from './live.js';
import { LANGUAGES, MESSAGES } from './messages.js';
import { ActivityPage } from './pages/activity.js';
import { CardPage } from './pages/card.js';
import { ChoicesPage } from './pages/choices.js';
import { ClaimPage } from './pages/claim.js';
import { HomePage } from './pages/home.js';
import { InboxPage } from './pages/inbox.js';
import { PasskeyPage } from './pages/passkey.js';
import { PoolPage } from './pages/pool.js';
import { PoolsPage } from './pages/pools.js';
import { PrivacyPage } from './pages/privacy.js';
import { ProfilePage } from './pages/profile.js';
import { RewardsPage } from './pages/rewards.js';
import { StatusPage } from './pages/status.js';
import { WelcomePage } from './pages/welcome.js';
import type { Me, Profile } from './types.js';

export const BASE = '/wallet';

type Phase = 'starting' | 'signed-out' | 'signed-in';

/** The wallet: who is signed in, which page shows, and the balance that the events feed keeps current. */
export function App({ api }: { api: Api }) {
  const [path, setPath] = useState(location.pathname);
  const [phase, setPhase] = useState<Phase>('starting');
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [profileLocale, setProfileLocale] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const navigate = useCallback((to: string) => {
    history.pushState(null, '', to);
    setPath(new URL(to, location.href).pathname);
    window.scrollTo(0, 0);
  }, []);

  useEffect(() => {
    const back = () => setPath(location.pathname);
    addEventListener('popstate', back);
    const stop = api.onSession((session) => setPhase(session === undefined ? 'signed-out' : 'signed-in'));
    // A claim link opens the claim page with its code; any other page first tries the cookie.
    if (location.pathname === `${BASE}/claim`) setPhase('signed-out');
    else void api.refresh();
    return () => {
      removeEventListener('popstate', back);
      stop();
    };
  }, [api]);

  useEffect(() => {
    if (phase !== 'signed-in') {
      setMe(undefined);
      return;
    }
    api.get<Profile>('/v1/me/profile').then(
      (profile) => setProfileLocale(profile.locale),
      () => setProfileLocale(null),
    );
    return followEvents(api, () => setVersion((each) => each + 1));
  }, [api, phase]);

  useEffect(() => {
    if (phase !== 'signed-in') return;
    api.get<Me>('/v1/me').then(setMe, () => undefined);
  }, [api, phase, version]);

  const { language, locale } = chooseLocale(LANGUAGES, [profileLocale, ...navigator.languages]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const wallet = useMemo<Wallet>(
    () => ({
      api,
      t: translator(MESSAGES[language]),
      format: formatsFor(locale),
      me,
      version,
      navigate,
      refresh: () => setVersion((each) => each + 1),
      profileSaved: (profile) => setProfileLocale(profile.locale),
    }),
    [api, language, locale, me, version, navigate],
  );

  return (
    <WalletContext.Provider value={wallet}>
      <Screen path={path} phase={phase} />
    </WalletContext.Provider>
  );
}

function Screen({ path, phase }: { path: string; phase: Phase }) {
  const page = path.startsWith(`${BASE}/`) ? path.slice(BASE.length + 1) : '';
  if (phase === 'starting') return <main class="starting" aria-busy="true" />;
  if (page === 'claim') return <ClaimPage />;
  if (phase === 'signed-out') return <WelcomePage />;
  return (
    <>
      <Navigation page={page} />
      <main id="main">{signedInPage(page)}</main>
    </>
  );
}

function signedInPage(page: string) {
  if (page === 'passkey') return <PasskeyPage />;
  if (page === 'activity') return <ActivityPage />;
  if (page === 'card') return <CardPage />;
  if (page === 'pools' || page === 'join') return <PoolsPage />;
  if (page.startsWith('pools/')) return <PoolPage poolId={decodeURIComponent(page.slice('pools/'.length))} />;
  if (page === 'status') return <StatusPage />;
  if (page === 'rewards') return <RewardsPage />;
  if (page === 'choices') return <ChoicesPage />;
  if (page === 'profile') return <ProfilePage />;
  if (page === 'privacy') return <PrivacyPage />;
  if (page === 'inbox') return <InboxPage />;
  return <HomePage />;
}

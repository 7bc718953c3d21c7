import { BASE } from '../app.js';
import { useWallet } from '../context.js';
import type { MessageKey } from '../messages.js';
import { Link } from './link.js';

const SECTIONS: readonly { page: string; label: MessageKey }[] = [
  { page: '', label: 'nav.home' },
  { page: 'activity', label: 'nav.activity' },
  { page: 'card', label: 'nav.card' },
  { page: 'pools', label: 'nav.pools' },
  { page: 'status', label: 'nav.status' },
  { page: 'rewards', label: 'nav.rewards' },
];

/** Pages without a tab of their own, and the tab they belong to. */
const PART_OF: Readonly<Record<string, string>> = { join: 'pools', choices: 'rewards' };

/** The header with sign-out, and the sections as a tab bar at the bottom of a phone's screen. */
export function Navigation({ page }: { page: string }) {
  const { t, api, navigate } = useWallet();
  const section = page.split('/')[0] ?? '';
  return (
    <>
      <header class="top">
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <span class="brand">{t('app.name')}</span>
        <Link href={`${BASE}/inbox`} class="top-link" current={section === 'inbox'}>
          {t('nav.inbox')}
        </Link>
        <Link href={`${BASE}/privacy`} class="top-link" current={section === 'privacy'}>
          {t('nav.privacy')}
        </Link>
        <Link href={`${BASE}/profile`} class="top-link" current={section === 'profile'}>
          {t('nav.profile')}
        </Link>
        <button
          type="button"
          class="quiet"
          onClick={async () => {
            try {
              await api.delete('/v1/sessions/current');
            } finally {
              api.signedOut();
              navigate(`${BASE}/`);
            }
          }}
        >
          {t('signOut')}
        </button>
      </header>
      <nav class="tabs" aria-label={t('nav.label')}>
        {SECTIONS.map((each) => (
          <Link
            key={each.page}
            href={`${BASE}/${each.page}`}
            current={section === each.page || PART_OF[section] === each.page}
          >
            {t(each.label)}
          </Link>
        ))}
      </nav>
    </>
  );
}

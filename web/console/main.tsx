import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentSession, onSession, refresh, type StaffSession, signOut } from './lib/api.js';
import { AuditLog } from './pages/audit.js';
import { CataloguePage } from './pages/catalogue.js';
import { FxRates } from './pages/fx.js';
import { GiftCards } from './pages/gift-cards.js';
import { Members } from './pages/members.js';
import { Network } from './pages/network.js';
import { Partners } from './pages/partners.js';
import { PortalCatalogue } from './pages/portal-catalogue.js';
import { PortalKeys } from './pages/portal-keys.js';
import { PortalReservations } from './pages/portal-reservations.js';
import { PortalStaff } from './pages/portal-staff.js';
import { PortalWebhooks } from './pages/portal-webhooks.js';
import { Selections } from './pages/selections.js';
import { SettlementPage } from './pages/settlement.js';
import { SignIn } from './pages/sign-in.js';
import { Staff } from './pages/staff.js';
import { Statements } from './pages/statements.js';
import { StatusPage } from './pages/status.js';
import { Transactions } from './pages/transactions.js';
import { Webhooks } from './pages/webhooks.js';

/** The pages each kind of staff sees; the API decides what their role may do, the pages follow. */
const OPERATOR_PAGES = [
  ['settlement', 'Settlement'],
  ['partners', 'Partners'],
  ['members', 'Members'],
  ['status', 'Status'],
  ['catalogue', 'Catalogue'],
  ['selections', 'Yearly choice'],
  ['gift-cards', 'Gift cards'],
  ['network', 'Network'],
  ['webhooks', 'Webhooks'],
  ['fx', 'FX rates'],
  ['staff', 'Staff'],
  ['audit', 'Audit log'],
] as const;
const PARTNER_PAGES = [
  ['statements', 'Statements'],
  ['transactions', 'Transactions'],
  ['catalogue', 'Catalogue'],
  ['reservations', 'Reservations'],
  ['webhooks', 'Webhooks'],
  ['keys', 'Keys'],
  ['staff', 'Staff'],
] as const;

function route(): { page: string; id: string | undefined; invitation: string | undefined } {
  const hash = location.hash.slice(1);
  if (hash.startsWith('join=')) return { page: 'join', id: undefined, invitation: hash.slice(5) };
  const [page = '', id] = hash.replace(/^\//, '').split('/');
  return { page, id: id === '' ? undefined : id, invitation: undefined };
}

function useRoute() {
  const [current, setCurrent] = useState(route());
  useEffect(() => {
    const update = () => setCurrent(route());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return current;
}

function Console() {
  const [session, setSession] = useState<StaffSession | undefined>(currentSession());
  const [restoring, setRestoring] = useState(true);
  const { page, id, invitation } = useRoute();
  useEffect(() => onSession(setSession), []);
  useEffect(() => {
    void refresh().finally(() => setRestoring(false));
  }, []);
  useEffect(() => {
    document.title = `${page === '' ? 'Tessera' : page} · Tessera console`;
  }, [page]);

  if (restoring) return <p>Loading…</p>;
  if (session === undefined || invitation !== undefined) return <SignIn invitation={invitation} />;

  const operator = session.partnerId === null;
  const pages = operator ? OPERATOR_PAGES : PARTNER_PAGES;
  const shown = pages.some(([name]) => name === page) ? page : pages[0][0];
  const admin = session.role === 'admin';
  const finance = admin || session.role === 'finance';
  const support = admin || session.role === 'support';
  return (
    <>
      <a class="skip" href="#main">
        Skip to the page
      </a>
      <header>
        <p class="brand">Tessera {operator ? 'console' : 'partner portal'}</p>
        <nav aria-label="Pages">
          <ul>
            {pages.map(([name, label]) => (
              <li key={name}>
                <a href={`#/${name}`} aria-current={name === shown ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who">
          {session.name} · {session.role}
          {operator ? '' : ` · ${session.partnerId}`}{' '}
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      </header>
      {session.partnerId === null ? (
        <>
          {shown === 'settlement' && <SettlementPage settlementId={id} finance={finance} />}
          {shown === 'partners' && <Partners admin={admin} />}
          {shown === 'members' && <Members memberId={id} mayCredit={support} admin={admin} />}
          {shown === 'network' && <Network />}
          {shown === 'webhooks' && <Webhooks admin={admin} />}
          {shown === 'staff' && <Staff admin={admin} />}
          {shown === 'status' && <StatusPage admin={admin} />}
          {shown === 'catalogue' && <CataloguePage admin={admin} />}
          {shown === 'selections' && <Selections admin={admin} />}
          {shown === 'gift-cards' && <GiftCards />}
          {shown === 'fx' && <FxRates mayPublish={finance} />}
          {shown === 'audit' && <AuditLog />}
        </>
      ) : (
        <>
          {shown === 'statements' && <Statements settlementId={id} finance={finance} />}
          {shown === 'transactions' && <Transactions />}
          {shown === 'catalogue' && <PortalCatalogue admin={admin} />}
          {shown === 'reservations' && <PortalReservations view={id} admin={admin} />}
          {shown === 'webhooks' && <PortalWebhooks endpointId={id} admin={admin} />}
          {shown === 'keys' && <PortalKeys partnerId={session.partnerId} admin={admin} />}
          {shown === 'staff' && <PortalStaff admin={admin} />}
        </>
      )}
    </>
  );
}

const root = document.getElementById('console');
if (root !== null) render(<Console />, root);

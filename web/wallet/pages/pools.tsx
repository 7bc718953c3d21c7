import { useState } from 'preact/hooks';
import { BASE } from '../app.js';
import { Link } from '../components/link.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import type { Pool } from '../types.js';

/** The code of an invite link (`/wallet/join#code=…`), kept in the fragment like a claim code. */
function inviteFromLink(): string {
  return location.pathname === `${BASE}/join`
    ? (new URLSearchParams(location.hash.slice(1)).get('code') ?? '')
    : '';
}

/** The member's pools; create a household or a friends pool; join one with an invite code. */
export function PoolsPage() {
  const { t, format, api, me, navigate, refresh } = useWallet();
  const [kind, setKind] = useState<'household' | 'friends'>('household');
  const [name, setName] = useState('');
  const [code, setCode] = useState(inviteFromLink);
  const [problem, setProblem] = useState<unknown>(undefined);

  async function act(write: () => Promise<Pool>) {
    setProblem(undefined);
    try {
      const pool = await write();
      refresh();
      navigate(`${BASE}/pools/${pool.id}`);
    } catch (error) {
      setProblem(error);
    }
  }

  return (
    <>
      <h1>{t('pools.title')}</h1>
      <p>{t('pools.text')}</p>
      {me !== undefined && me.pools.length === 0 && <p>{t('pools.none')}</p>}
      <ul class="pools">
        {me?.pools.map((pool) => (
          <li key={pool.poolId}>
            <Link href={`${BASE}/pools/${pool.poolId}`}>{pool.name ?? t(`pools.${pool.kind}`)}</Link>
            <small>
              {t(`pools.${pool.kind}`)} ·{' '}
              {t('pools.spendable', { points: format.points(pool.spendablePoints) })}
            </small>
          </li>
        ))}
      </ul>
      <ProblemMessage problem={problem} />
      <form
        aria-labelledby="join-title"
        onSubmit={(event) => {
          event.preventDefault();
          void act(() => api.post<Pool>('/v1/pools/join', { code }));
        }}
      >
        <h2 id="join-title">{t('pools.join')}</h2>
        <label for="invite-code">{t('pools.inviteCode')}</label>
        <input
          id="invite-code"
          required
          minLength={4}
          maxLength={64}
          autocomplete="off"
          value={code}
          onInput={(event) => setCode(event.currentTarget.value)}
        />
        <button type="submit" class={code === '' ? '' : 'primary'}>
          {t('pools.joinSubmit')}
        </button>
      </form>
      <form
        aria-labelledby="create-title"
        onSubmit={(event) => {
          event.preventDefault();
          void act(() => api.post<Pool>('/v1/pools', { kind, name }));
        }}
      >
        <h2 id="create-title">{t('pools.create')}</h2>
        <label for="pool-kind">{t('pools.kind')}</label>
        <select
          id="pool-kind"
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value === 'friends' ? 'friends' : 'household')}
        >
          <option value="household">{t('pools.household')}</option>
          <option value="friends">{t('pools.friends')}</option>
        </select>
        <label for="pool-name">{t('pools.name')}</label>
        <input
          id="pool-name"
          required
          maxLength={100}
          value={name}
          onInput={(event) => setName(event.currentTarget.value)}
        />
        <button type="submit">{t('pools.create')}</button>
      </form>
    </>
  );
}

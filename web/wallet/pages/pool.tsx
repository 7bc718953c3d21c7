import { useEffect, useState } from 'preact/hooks';
import { BASE } from '../app.js';
import { Link } from '../components/link.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import type { Pool, PoolInvite } from '../types.js';

type PoolMember = Pool['members'][number];

/** One pool: its total, members and pledges, activity; invite, pledge, permissions, leave. */
export function PoolPage({ poolId }: { poolId: string }) {
  const { t, format, api, me, version, navigate, refresh } = useWallet();
  const [pool, setPool] = useState<Pool | undefined>(undefined);
  const [invite, setInvite] = useState<PoolInvite | undefined>(undefined);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const path = `/v1/pools/${encodeURIComponent(poolId)}`;

  useEffect(() => {
    api.get<Pool>(path).then(setPool, setProblem);
  }, [api, path, version]);

  async function act(write: () => Promise<Pool | undefined>, then?: () => void) {
    setProblem(undefined);
    setSaved(false);
    try {
      const answer = await write();
      if (answer !== undefined) setPool(answer);
      setSaved(true);
      refresh();
      then?.();
    } catch (error) {
      setProblem(error);
    }
  }

  if (pool === undefined)
    return problem === undefined ? (
      <p aria-busy="true">{t('loading')}</p>
    ) : (
      <ProblemMessage problem={problem} />
    );
  const myId = me?.memberId;
  const mine = pool.members.find((member) => member.memberId === myId);
  const owner = pool.ownerMemberId === myId;
  const inviteLink = invite === undefined ? '' : `${location.origin}${BASE}/join#code=${invite.code}`;

  return (
    <>
      <p>
        <Link href={`${BASE}/pools`}>{t('pool.back')}</Link>
      </p>
      <h1>{pool.name}</h1>
      <p data-testid="pool-total">{t('pool.total', { points: format.points(pool.totalPoints) })}</p>
      <ProblemMessage problem={problem} />
      {saved && <p role="status">{t('pool.saved')}</p>}
      <section aria-labelledby="members-title">
        <h2 id="members-title">{t('pool.members')}</h2>
        <ul class="members">
          {pool.members.map((member) => (
            <MemberRow
              key={member.memberId}
              member={member}
              isMe={member.memberId === myId}
              manage={owner && member.memberId !== myId}
              onPermissions={(body) => act(() => api.patch<Pool>(`${path}/members/${member.memberId}`, body))}
              onRemove={() =>
                act(() => api.delete(`${path}/members/${member.memberId}`).then(() => undefined))
              }
            />
          ))}
        </ul>
      </section>
      {owner && (
        <section aria-labelledby="invite-title">
          <h2 id="invite-title">{t('pool.invite')}</h2>
          <button
            type="button"
            onClick={() => act(async () => void setInvite(await api.post<PoolInvite>(`${path}/invites`)))}
          >
            {t('pool.invite')}
          </button>
          {invite !== undefined && (
            <div class="invite">
              <label for="invite-link">{t('pool.inviteLink')}</label>
              <input
                id="invite-link"
                readOnly
                value={inviteLink}
                onFocus={(event) => event.currentTarget.select()}
              />
              {'share' in navigator && (
                <button
                  type="button"
                  onClick={() =>
                    navigator.share({ title: pool.name, url: inviteLink }).catch(() => undefined)
                  }
                >
                  {t('pool.share')}
                </button>
              )}
            </div>
          )}
        </section>
      )}
      {mine !== undefined && (
        <PledgeForm
          member={mine}
          onSave={(pledge) => act(() => api.put<Pool>(`${path}/members/me`, { pledge }))}
        />
      )}
      <section aria-labelledby="pool-activity-title">
        <h2 id="pool-activity-title">{t('pool.activity')}</h2>
        {pool.activity.length === 0 && <p>{t('pool.noActivity')}</p>}
        <ul class="activity">
          {pool.activity.map((entry) => (
            <li key={entry.transactionId}>
              <span class="what">
                <span>
                  {t('pool.redeemed', { points: format.points(entry.points), partner: entry.partner.name })}
                </span>
                <small>
                  <time dateTime={entry.createdAt}>{format.dateTime(entry.createdAt)}</time>
                </small>
              </span>
            </li>
          ))}
        </ul>
      </section>
      {owner ? (
        <button
          type="button"
          class="danger"
          onClick={() =>
            act(
              () => api.delete(path).then(() => undefined),
              () => navigate(`${BASE}/pools`),
            )
          }
        >
          {t('pool.dissolve')}
        </button>
      ) : (
        <button
          type="button"
          class="danger"
          onClick={() =>
            act(
              () => api.delete(`${path}/members/me`).then(() => undefined),
              () => navigate(`${BASE}/pools`),
            )
          }
        >
          {t('pool.leave')}
        </button>
      )}
    </>
  );
}

function MemberRow(props: {
  member: PoolMember;
  isMe: boolean;
  manage: boolean;
  onPermissions: (body: { mayRedeem: boolean; monthlyLimitPoints: number | null }) => void;
  onRemove: () => void;
}) {
  const { t, format } = useWallet();
  const { member } = props;
  const [mayRedeem, setMayRedeem] = useState(member.mayRedeem);
  const [limit, setLimit] = useState(
    member.monthlyLimitPoints === null ? '' : String(member.monthlyLimitPoints),
  );
  const pledge =
    member.pledge.type === 'all'
      ? t('pool.pledgeAll')
      : t('pool.pledgeCap', {
          cap: format.points(member.pledge.capPoints),
          remaining: format.points(member.pledge.remainingPoints),
        });
  const id = member.memberId;
  return (
    <li>
      <span class="what">
        <strong>
          {id}
          {member.role === 'owner' ? ` (${t('pool.owner')})` : ''}
          {props.isMe ? ` (${t('pool.you')})` : ''}
        </strong>
        <small>
          {pledge} · {t('pool.drawable', { points: format.points(member.drawablePoints) })}
        </small>
      </span>
      {props.manage && (
        <form
          class="permissions"
          onSubmit={(event) => {
            event.preventDefault();
            props.onPermissions({ mayRedeem, monthlyLimitPoints: limit === '' ? null : Number(limit) });
          }}
        >
          <label>
            <input
              type="checkbox"
              checked={mayRedeem}
              onChange={(event) => setMayRedeem(event.currentTarget.checked)}
            />
            {t('pool.mayRedeem')}
          </label>
          <label for={`limit-${id}`}>{t('pool.monthlyLimit')}</label>
          <input
            id={`limit-${id}`}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={limit}
            onInput={(event) => setLimit(event.currentTarget.value)}
          />
          <button type="submit">{t('pool.save')}</button>
          <button type="button" class="danger" onClick={props.onRemove}>
            {t('pool.remove')}
          </button>
        </form>
      )}
    </li>
  );
}

function PledgeForm({ member, onSave }: { member: PoolMember; onSave: (pledge: 'all' | number) => void }) {
  const { t } = useWallet();
  const [all, setAll] = useState(member.pledge.type === 'all');
  const [cap, setCap] = useState(member.pledge.type === 'cap' ? String(member.pledge.capPoints) : '0');
  return (
    <form
      aria-labelledby="pledge-title"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(all ? 'all' : Number(cap));
      }}
    >
      <h2 id="pledge-title">{t('pool.yourPledge')}</h2>
      <label>
        <input type="radio" name="pledge" checked={all} onChange={() => setAll(true)} />
        {t('pool.pledgeAllOption')}
      </label>
      <label>
        <input type="radio" name="pledge" checked={!all} onChange={() => setAll(false)} />
        {t('pool.pledgeCapOption')}
      </label>
      {!all && (
        <>
          <label for="pledge-cap">{t('pool.capPoints')}</label>
          <input
            id="pledge-cap"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            required
            value={cap}
            onInput={(event) => setCap(event.currentTarget.value)}
          />
        </>
      )}
      <button type="submit">{t('pool.savePledge')}</button>
    </form>
  );
}

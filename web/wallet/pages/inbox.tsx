import { useState } from 'preact/hooks';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type { Inbox } from '../types.js';

/** The inbox: what partners (within the member's consents and cap) and the network sent, newest first. */
export function InboxPage() {
  const { t, format, api, version } = useWallet();
  const [reads, setReads] = useState(0);
  const [problem, setProblem] = useState<unknown>(undefined);
  const inbox = useLoad(() => api.get<Inbox>('/v1/me/inbox'), [version, reads]);
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <ProblemMessage problem={problem ?? inbox.problem} />
      {inbox.data !== undefined && inbox.data.data.length === 0 && <p>{t('inbox.empty')}</p>}
      <ul class="activity inbox">
        {inbox.data?.data.map((message) => (
          <li key={message.id} class={message.readAt === null ? 'unread' : undefined}>
            <span class="what">
              <strong>{message.title}</strong>
              <span>{message.body}</span>
              <small>
                <time dateTime={message.deliveredAt}>{format.date(message.deliveredAt)}</time>
                {' · '}
                {message.readAt === null ? t('inbox.unread') : t('inbox.read')}
              </small>
            </span>
            {message.readAt === null && (
              <button
                type="button"
                aria-label={`${t('inbox.markRead')}: ${message.title}`}
                onClick={async () => {
                  try {
                    await api.post(`/v1/me/inbox/${encodeURIComponent(message.id)}/read`);
                    setProblem(undefined);
                    setReads((each) => each + 1);
                  } catch (error) {
                    setProblem(error);
                  }
                }}
              >
                {t('inbox.markRead')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

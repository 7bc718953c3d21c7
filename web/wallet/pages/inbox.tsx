import { useEffect, useState } from 'preact/hooks';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import type { Inbox, InboxMessage } from '../types.js';

const PAGE_SIZE = 20;

/**
 * The inbox: what partners (within the member's consents and cap) and the network sent, newest
 * first, a page at a time ("show more" loads the next). A message marked read is updated in place.
 */
export function InboxPage() {
  const { t, format, api, version } = useWallet();
  const [messages, setMessages] = useState<InboxMessage[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<unknown>(undefined);

  async function load(after: string | null) {
    try {
      const page = await api.get<Inbox>(
        `/v1/me/inbox?limit=${PAGE_SIZE}${after === null ? '' : `&cursor=${encodeURIComponent(after)}`}`,
      );
      setMessages((previous) => (after === null ? page.data : [...previous, ...page.data]));
      setCursor(page.nextCursor);
      setProblem(undefined);
    } catch (error) {
      setProblem(error);
    } finally {
      setLoaded(true);
    }
  }

  useEffect(() => {
    void load(null);
  }, [version]);

  async function markRead(message: InboxMessage) {
    try {
      await api.post(`/v1/me/inbox/${encodeURIComponent(message.id)}/read`);
      const readAt = new Date().toISOString();
      setMessages((previous) =>
        previous.map((each) => (each.id === message.id ? { ...each, readAt } : each)),
      );
      setProblem(undefined);
    } catch (error) {
      setProblem(error);
    }
  }

  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <ProblemMessage problem={problem} />
      {loaded && messages.length === 0 && <p>{t('inbox.empty')}</p>}
      <ul class="activity inbox">
        {messages.map((message) => (
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
                onClick={() => markRead(message)}
              >
                {t('inbox.markRead')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {cursor !== null && (
        <button type="button" onClick={() => load(cursor)}>
          {t('inbox.more')}
        </button>
      )}
    </>
  );
}

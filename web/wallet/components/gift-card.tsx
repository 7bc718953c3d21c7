import { useState } from 'preact/hooks';
import { useWallet } from '../context.js';
import type { GiftCard, GiftCardCode } from '../types.js';
import { ProblemMessage } from './problem.js';

/**
 * One coalition gift card: its balance in its own currency, and its code on demand. Tessera keeps
 * only a hash of the code, so each reveal is a new code and the one shown before stops working.
 */
export function GiftCardItem({ card }: { card: GiftCard }) {
  const { t, format, api } = useWallet();
  const [code, setCode] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const name = card.codeHint === null ? t('giftCard.name') : t('giftCard.hinted', { hint: card.codeHint });

  const action = code === undefined ? t('giftCard.reveal') : t('giftCard.again');

  async function reveal() {
    setBusy(true);
    setProblem(undefined);
    try {
      const issued = await api.post<GiftCardCode>(`/v1/me/gift-cards/${encodeURIComponent(card.id)}/code`);
      setCode(issued.code);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="gift-card">
      <span class="what">
        <strong>{name}</strong>
        <span>
          {t('rewards.giftCard', { balance: format.money(card.balance), issued: format.money(card.issued) })}
        </span>
        {card.expiresAt !== null && (
          <small>{t('rewards.giftCardExpires', { date: format.date(card.expiresAt) })}</small>
        )}
        {code !== undefined && (
          <span role="status">
            {t('giftCard.code')} <code class="gift-code">{code}</code>
          </span>
        )}
        <ProblemMessage problem={problem} />
      </span>
      <button type="button" onClick={reveal} disabled={busy} aria-label={`${action}: ${name}`}>
        {action}
      </button>
    </li>
  );
}

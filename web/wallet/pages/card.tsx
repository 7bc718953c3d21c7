import { useEffect, useState } from 'preact/hooks';
import { ProblemMessage } from '../components/problem.js';
import { QrCode } from '../components/qr.js';
import { useWallet } from '../context.js';
import type { PayCode } from '../types.js';

/** The coalition card (the member number to earn with) and one-time pay codes to spend with. */
export function CardPage() {
  const { t, api, me } = useWallet();
  const [payCode, setPayCode] = useState<PayCode | undefined>(undefined);
  const [problem, setProblem] = useState<unknown>(undefined);

  async function makePayCode() {
    setProblem(undefined);
    try {
      setPayCode(await api.post<PayCode>('/v1/me/pay-codes', {}));
    } catch (error) {
      setProblem(error);
    }
  }

  return (
    <>
      <h1>{t('card.title')}</h1>
      {me !== undefined && (
        <section class="card" aria-labelledby="member-number">
          <p>{t('card.text')}</p>
          <QrCode text={me.memberId} label={t('card.qr', { memberId: me.memberId })} />
          <p id="member-number" class="code">
            <span class="caption">{t('card.member')}</span> {me.memberId}
          </p>
        </section>
      )}
      <section aria-labelledby="pay-title">
        <h2 id="pay-title">{t('card.pay')}</h2>
        <p>{t('card.payText')}</p>
        <button type="button" class="primary" onClick={makePayCode}>
          {t('card.newPayCode')}
        </button>
        <ProblemMessage problem={problem} />
        {payCode !== undefined && <PayCodeView payCode={payCode} />}
      </section>
    </>
  );
}

function PayCodeView({ payCode }: { payCode: PayCode }) {
  const { t } = useWallet();
  const remaining = useRemainingSeconds(payCode.expiresAt);
  if (remaining <= 0) return <p role="status">{t('card.expired')}</p>;
  const time = `${Math.floor(remaining / 60)}:${String(remaining % 60).padStart(2, '0')}`;
  return (
    <div class="pay-code">
      <QrCode text={payCode.code} label={t('card.payQr', { code: payCode.code })} size={180} />
      <p class="code" data-testid="pay-code">
        <span class="caption">{t('card.payCode')}</span> {payCode.code}
      </p>
      <p data-testid="countdown">
        <time dateTime={payCode.expiresAt}>{t('card.expiresIn', { time })}</time>
      </p>
    </div>
  );
}

/** Whole seconds until `expiresAt`, ticking each second. */
function useRemainingSeconds(expiresAt: string): number {
  const remaining = () => Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(remaining);
  useEffect(() => {
    setSeconds(remaining());
    const timer = setInterval(() => setSeconds(remaining()), 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  return seconds;
}

import { ApiProblem } from '../../shared/problem.js';
import { useWallet } from '../context.js';
import { MESSAGES, type MessageKey } from '../messages.js';

/** The person's words for a refusal: the wallet's own message for its code, else Tessera's detail. */
export function useDescribe(): (problem: unknown) => string {
  const { t } = useWallet();
  return (problem) => {
    if (problem instanceof ApiProblem) {
      const key = `error.${problem.code}`;
      if (key in MESSAGES.en) return t(key as MessageKey);
      return t('error.generic', { detail: problem.detail });
    }
    if (problem instanceof DOMException) return t('error.passkey_cancelled');
    if (problem instanceof TypeError) return t('error.offline');
    return t('error.generic', { detail: problem instanceof Error ? problem.message : String(problem) });
  };
}

/** An alert that screen readers announce as soon as it appears. */
export function ProblemMessage({ problem }: { problem: unknown }) {
  const describe = useDescribe();
  if (problem === undefined) return null;
  return (
    <p class="problem" role="alert">
      {describe(problem)}
    </p>
  );
}

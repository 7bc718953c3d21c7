import { useCallback, useEffect, useState } from 'preact/hooks';
import { json, Problem } from './api.js';

/** What a page shows of an API read: loading, the answer, or the problem. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly reload: () => void;
}

export function describe(error: unknown): string {
  if (error instanceof Problem) return `${error.title} (${error.code}): ${error.detail}`;
  return error instanceof Error ? error.message : String(error);
}

export function useApi<T>(path: string | undefined): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === undefined) return;
    let live = true;
    json<T>('GET', path).then(
      (answer) => {
        if (!live) return;
        setData(answer);
        setError(undefined);
      },
      (failure: unknown) => {
        if (live) setError(describe(failure));
      },
    );
    return () => {
      live = false;
    };
  }, [path, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data, error, reload };
}

/** Runs an action, keeping its outcome for a status line (role="status" or role="alert"). */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined);
  const run = useCallback(async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage({ kind: 'ok', text: await action() });
    } catch (failure) {
      setMessage({ kind: 'error', text: describe(failure) });
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, message, run };
}

import { useEffect, useState } from 'preact/hooks';
import type { ApiProblem } from '../shared/problem.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly problem: ApiProblem | Error | undefined;
}

/** Loads `read()` whenever one of `keys` changes; keeps the last data while reloading. */
export function useLoad<T>(read: () => Promise<T>, keys: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, problem: undefined });
  useEffect(() => {
    let current = true;
    read().then(
      (data) => current && setState({ data, problem: undefined }),
      (problem: Error) => current && setState((previous) => ({ data: previous.data, problem })),
    );
    return () => {
      current = false;
    };
  }, keys);
  return state;
}

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from '../shared/api.js';
import type { Formats } from '../shared/format.js';
import type { Translate } from '../shared/i18n.js';
import type { MessageKey } from './messages.js';
import type { Me, Profile } from './types.js';

/** What every page of the wallet reads: the API, the words and formats, and the live balance. */
export interface Wallet {
  readonly api: Api;
  readonly t: Translate<MessageKey>;
  readonly format: Formats;
  /** The balance, kept current by the events feed. */
  readonly me: Me | undefined;
  /** Grows by one whenever the member's events feed says something changed: pages reload on it. */
  readonly version: number;
  navigate(path: string): void;
  /** Reads the balance again now (after the member's own action). */
  refresh(): void;
  /** The profile as the member just saved it: the wallet's language follows its locale. */
  profileSaved(profile: Profile): void;
}

export const WalletContext = createContext<Wallet | undefined>(undefined);

export function useWallet(): Wallet {
  const wallet = useContext(WalletContext);
  if (wallet === undefined) throw new Error('useWallet outside the wallet');
  return wallet;
}

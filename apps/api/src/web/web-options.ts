import type { Clock } from '@ledger/commands';

export interface WebOptions {
  /** The clock the ledger records with: a download's "generated at" comes from it. */
  clock: Clock;
  /**
   * Serve the development sign-in page, which signs anyone in as any role: on exactly when the
   * API hands out development tokens (LEDGER_DEV_TOKENS), never otherwise.
   */
  devSignIn: boolean;
}

export const WEB_CLOCK = Symbol('WEB_CLOCK');

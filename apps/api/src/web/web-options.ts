import type { Clock } from '@ledger/commands';
import type { OpenIdProvider } from '../http/auth/open-id-provider';

export interface WebOptions {
  /** The clock the ledger records with: a download's "generated at" comes from it. */
  clock: Clock;
  /**
   * Serve the development sign-in page, which signs anyone in as any role: on exactly when the
   * API hands out development tokens (LEDGER_DEV_TOKENS), never otherwise.
   */
  devSignIn: boolean;
  /** Sign-in with the organisation's account (OpenID Connect), when LEDGER_OIDC_* configure it. */
  provider: OpenIdProvider | null;
}

export const WEB_CLOCK = Symbol('WEB_CLOCK');
/** The OpenID Connect provider, or null (`WebOptions.provider`). */
export const WEB_OPENID_PROVIDER = Symbol('WEB_OPENID_PROVIDER');

import { SetMetadata } from '@nestjs/common';
import type { LedgerAction } from '@ledger/commands';

export const REQUIRED_ACTION = 'ledger:required-action';
export const PUBLIC_ROUTE = 'ledger:public-route';
export const PAGE_ROUTE = 'ledger:page-route';

/** Every authenticated route declares the one action it performs; the guard checks the role. */
export const RequiresAction = (action: LedgerAction) => SetMetadata(REQUIRED_ACTION, action);

/** A route anyone may call without a token (health, development tokens). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A web page (apps/api/src/web): it takes no bearer token; the web module's own guard checks
 * the signed-in session instead, and the role, with the same rules.
 */
export const PageRoute = () => SetMetadata(PAGE_ROUTE, true);

import { SetMetadata } from '@nestjs/common';
import type { LedgerAction } from '@ledger/commands';

export const REQUIRED_ACTION = 'ledger:required-action';
export const PUBLIC_ROUTE = 'ledger:public-route';

/** Every authenticated route declares the one action it performs; the guard checks the role. */
export const RequiresAction = (action: LedgerAction) => SetMetadata(REQUIRED_ACTION, action);

/** A route anyone may call without a token (health, development tokens). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

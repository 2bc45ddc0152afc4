import type { AccountName, PlacementSetting } from '@ledger/domain';

/**
 * The accounts of domain.md, "The ledger", read back from their names. Service lines,
 * settings, provider codes and scheme ids never hold a colon, so the name splits cleanly.
 */
export type LedgerAccount =
  | { kind: 'commissioner' }
  | { kind: 'budget'; serviceLine: string }
  | { kind: 'spend'; serviceLine: string; setting: PlacementSetting; providerCode: string }
  | { kind: 'savings-retained' }
  | { kind: 'reinvestment'; schemeId: string }
  | { kind: 'carried-forward' }
  | { kind: 'brought-forward' }
  | { kind: 'other' };

const parsed = new Map<AccountName, LedgerAccount>();

function parse(name: AccountName): LedgerAccount {
  const parts = name.split(':');
  if (name === 'commissioner') return { kind: 'commissioner' };
  if (name === 'savings:retained') return { kind: 'savings-retained' };
  if (name === 'carried-forward') return { kind: 'carried-forward' };
  if (name === 'brought-forward') return { kind: 'brought-forward' };
  if (parts[0] === 'budget' && parts.length === 2) return { kind: 'budget', serviceLine: parts[1] };
  if (parts[0] === 'reinvestment' && parts.length === 2) {
    return { kind: 'reinvestment', schemeId: parts[1] };
  }
  if (parts[0] === 'spend' && parts.length === 4) {
    const setting = parts[2];
    if (setting === 'in-area' || setting === 'out-of-area') {
      return { kind: 'spend', serviceLine: parts[1], setting, providerCode: parts[3] };
    }
  }
  return { kind: 'other' };
}

/** The account an account name stands for (memoised: the same few names recur). */
export function ledgerAccount(name: AccountName): LedgerAccount {
  let account = parsed.get(name);
  if (!account) {
    account = parse(name);
    parsed.set(name, account);
  }
  return account;
}

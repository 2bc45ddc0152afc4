/** The roles of domain.md's "Identity, audit and privacy", as they appear in tokens. */
export const LEDGER_ROLES = [
  'commissioner-finance',
  'lead-provider-finance',
  'case-manager',
  'reviewer',
  'analyst',
  'admin',
] as const;

export type LedgerRole = (typeof LEDGER_ROLES)[number];

export function isLedgerRole(raw: unknown): raw is LedgerRole {
  return typeof raw === 'string' && (LEDGER_ROLES as readonly string[]).includes(raw);
}

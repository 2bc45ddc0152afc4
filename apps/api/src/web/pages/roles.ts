import type { LedgerRole } from '@ledger/commands';

/** Each role as a person reads it, and what it may do (domain.md, "Identity, audit and privacy"). */
export const ROLE_DESCRIPTIONS: Record<LedgerRole, { name: string; does: string }> = {
  'commissioner-finance': {
    name: 'Commissioner finance',
    does: 'Posts allocations and adjustments for the agreements your organisation commissions.',
  },
  'lead-provider-finance': {
    name: 'Lead provider finance',
    does: 'Posts virements, reinvestments and period closes for the agreements your trust leads.',
  },
  'case-manager': {
    name: 'Case manager',
    does: 'Registers cases and records placements, repatriations and discharges.',
  },
  reviewer: {
    name: 'Reviewer',
    does: 'Reads every agreement and its history, and writes nothing (NHS England).',
  },
  analyst: {
    name: 'Analyst',
    does: "Reads the reports of your organisation's agreements.",
  },
  admin: { name: 'Administrator', does: 'Reads and writes everything.' },
};

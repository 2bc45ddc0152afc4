import { isOdsCode } from '@ledger/domain';
import type { OrganisationName } from '@ledger/read-model';

/**
 * Names beside ODS codes (docs/api.md, "Organisation names in reports"): a report or list gains a
 * top-level `organisations` array, `[{ odsCode, name }]`, one entry per organisation it
 * mentions, with the name in force on its as-of date as known at its knowledge point (null when
 * none is known: a report never fails for a code with no name).
 *
 * Which codes a report mentions is read from the report itself, so a new report needs nothing
 * here: any field whose name ends in `Code` (an ODS code; not a `…ReasonCode`) or `Codes` (a list of them), at any
 * depth, and the provider of any spend account (`spend:<line>:<setting>:<provider>`) named in
 * an `account` or `counterAccount` field. An agreement's own parties (commissioner, lead
 * provider, partners) come first, in that order, whether the report shows them or not; then
 * every other code, in code-point order.
 */
export type Named<Report> = Report & { organisations: OrganisationName[] };

/** The parties of an agreement, as its terms name them. */
export interface AgreementOrganisations {
  commissionerCode: string;
  leadProviderCode: string;
  partnerProviderCodes: readonly string[];
}

/** The codes a report mentions, its agreement's parties first. */
export function codesMentioned(report: unknown, parties?: AgreementOrganisations): string[] {
  const found = new Set<string>();
  collectCodes(report, found);
  const first = parties
    ? [parties.commissionerCode, parties.leadProviderCode, ...parties.partnerProviderCodes]
    : [];
  const rest = [...found].filter((code) => !first.includes(code)).sort(codePointOrder);
  return [...new Set([...first, ...rest])];
}

/** The report with `organisations` added (last, so every field it had keeps its place). */
export function withOrganisations<Report extends object>(
  report: Report,
  organisations: OrganisationName[],
): Named<Report> {
  return { ...report, organisations };
}

function collectCodes(value: unknown, found: Set<string>): void {
  // An explicit stack: no report is deep, but nothing here should depend on that.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (Array.isArray(next)) {
      pending.push(...(next as unknown[]));
      continue;
    }
    if (next === null || typeof next !== 'object') continue;
    for (const [key, item] of Object.entries(next as Record<string, unknown>)) {
      if (key === 'organisations') continue;
      // A reason code (`oapReasonCode`) is no organisation, whatever it looks like.
      if (key.endsWith('Code') && !key.endsWith('ReasonCode') && isOdsCode(item)) found.add(item);
      else if (key.endsWith('Codes') && Array.isArray(item)) {
        for (const code of item) if (isOdsCode(code)) found.add(code);
      } else if ((key === 'account' || key === 'counterAccount') && typeof item === 'string') {
        const provider = spendProvider(item);
        if (provider !== null) found.add(provider);
      } else if (item !== null && typeof item === 'object') pending.push(item);
    }
  }
}

/** `spend:<line>:<setting>:<provider>` → the provider's code; null for any other account. */
function spendProvider(account: string): string | null {
  const parts = account.split(':');
  return parts.length === 4 && parts[0] === 'spend' && isOdsCode(parts[3]) ? parts[3] : null;
}

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

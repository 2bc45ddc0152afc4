import type { ReportWarning } from '@ledger/read-model';
import { formatPounds } from '../../formatting/display';

/** A money cell of an nhsuk-frontend table: pounds, right-aligned. */
export const moneyCell = (amount: string) => ({ text: formatPounds(amount), format: 'numeric' });

/** A count or measure cell, right-aligned; "None" for a figure the report leaves null. */
export const numberCell = (value: number | string | null, none = 'None') => ({
  text: value === null ? none : String(value),
  format: 'numeric',
});

export const numericHead = (text: string) => ({ text, format: 'numeric' });

/** One part of a report page: an optional heading, paragraphs, a summary list, tables. */
export interface ReportSection {
  heading?: string;
  paragraphs?: string[];
  summary?: { rows: { key: { text: string }; value: { text?: string; html?: string } }[] };
  tables?: object[];
}

/** A report's warnings (uncovered nights after the chain's last year), in its own words. */
export function warningsOf(warnings: readonly ReportWarning[]): string[] {
  return warnings.map((warning) => warning.message);
}

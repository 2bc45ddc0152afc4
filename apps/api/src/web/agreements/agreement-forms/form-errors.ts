import type { FieldError } from '@ledger/domain';
import { errorSummaryOf } from '../../pages/error-summary';

/** Where the error summary's link for a field leads, when it is not the field's own id. */
const FIELD_TARGETS: Record<string, string> = {
  // A date input is linked by its first box (the NHS.UK pattern).
  effectiveDate: '#effectiveDate-day',
};

/**
 * The error summary and per-field messages of a write form (errorSummaryOf), where the stale
 * page's message links back to the agreement, to check its figures, and a date links to its
 * day box.
 */
export function formErrorSummary(errors: FieldError[], agreementHref: string) {
  const summary = errorSummaryOf(errors);
  return {
    ...summary,
    errors: summary.errors.map((item, index) => {
      const { field } = errors[index];
      if (field === 'revision') return { ...item, href: agreementHref };
      return FIELD_TARGETS[field] ? { ...item, href: FIELD_TARGETS[field] } : item;
    }),
  };
}

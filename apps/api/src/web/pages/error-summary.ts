import type { FieldError } from '@ledger/domain';

/**
 * What a page's templates read for its errors, in nhsuk-frontend's shapes: the error summary's
 * list (each linking to its field) and each field's own message.
 */
export function errorSummaryOf(errors: FieldError[]) {
  return {
    errors: errors.map((error) => ({ text: error.message, href: `#${error.field}` })),
    fieldErrors: Object.fromEntries(errors.map((error) => [error.field, { text: error.message }])),
  };
}

import { isCalendarDate } from '../calendar/calendar-date';
import { FINANCIAL_YEAR_RULE, isFinancialYear } from '../calendar/financial-year';
import { isOdsCode } from '../identifiers/ods-code';
import { checkMoney, type MoneyRule } from '../money/money';
import type { FieldError } from '../shared/domain-error';
import { agreementErrors } from './agreement.errors';
import type { AgreementTerms } from './agreement.state';

/**
 * Field rules shared by the agreement commands. Each returns the failures for one field, so a
 * decision can collect every failure and report them together: commands also arrive from
 * bulk import files, where fixing one field per round trip is painful.
 */

/** Service lines and reinvestment schemes: lowercase words joined by hyphens. */
const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Refuses the command with every failing field at once, if there is any. */
export function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length > 0) throw agreementErrors.invalid(errors);
}

/** One failing field, as a list so rules can be spread together. */
export const fieldFailure = (field: string, message: string): FieldError[] => [{ field, message }];

export function requiredTextErrors(field: string, raw: unknown): FieldError[] {
  return typeof raw === 'string' && raw.trim() !== '' ? [] : fieldFailure(field, 'is required');
}

export function moneyErrors(field: string, raw: unknown, rule: MoneyRule = {}): FieldError[] {
  const check = checkMoney(field, raw, rule);
  return check.ok ? [] : [check.error];
}

export function odsCodeErrors(field: string, raw: unknown): FieldError[] {
  return isOdsCode(raw)
    ? []
    : fieldFailure(field, 'must be an ODS code: 3 to 6 uppercase letters or digits');
}

export function kebabCaseErrors(field: string, raw: unknown): FieldError[] {
  return typeof raw === 'string' && KEBAB_CASE.test(raw)
    ? []
    : fieldFailure(
        field,
        'must be lowercase letters or digits joined by hyphens, e.g. adult-low-secure',
      );
}

export function calendarDateErrors(field: string, raw: unknown): FieldError[] {
  return isCalendarDate(raw) ? [] : fieldFailure(field, 'must be a calendar date YYYY-MM-DD');
}

export function knownServiceLineErrors(
  field: string,
  raw: unknown,
  terms: AgreementTerms,
): FieldError[] {
  return typeof raw === 'string' && terms.serviceLines.includes(raw)
    ? []
    : fieldFailure(
        field,
        `must be one of the agreement's service lines: ${terms.serviceLines.join(', ')}`,
      );
}

export function financialYearErrors(field: string, raw: unknown): FieldError[] {
  return isFinancialYear(raw) ? [] : fieldFailure(field, FINANCIAL_YEAR_RULE);
}

export function wholeNumberErrors(
  field: string,
  raw: unknown,
  min: number,
  max: number,
): FieldError[] {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max
    ? []
    : fieldFailure(field, `must be a whole number from ${min} to ${max}`);
}

/**
 * Every value of a list that repeats an earlier one, named by its position. Linear: a period
 * close lists thousands of figures, and checking each against all before it was quadratic.
 */
export function repeatErrors(
  values: readonly unknown[],
  fieldAt: (index: number) => string,
): FieldError[] {
  const firstAt = new Map<unknown, number>();
  const errors: FieldError[] = [];
  values.forEach((value, i) => {
    const first = firstAt.get(value);
    if (first === undefined) firstAt.set(value, i);
    else errors.push(...fieldFailure(fieldAt(i), `repeats ${fieldAt(first)} (${String(value)})`));
  });
  return errors;
}

/** A list field: not an array is one error; otherwise each element is checked. */
export function listErrors(
  field: string,
  raw: unknown,
  elementErrors: (elementField: string, element: unknown) => FieldError[],
): FieldError[] {
  if (!Array.isArray(raw)) return fieldFailure(field, 'must be a list');
  return raw.flatMap((element: unknown, i) => elementErrors(`${field}[${i}]`, element));
}

/**
 * Reads untrusted input as a record of unknown fields; anything else reads as empty, so a null
 * where an object belongs gives field errors, not a crash.
 */
export function asRecord(raw: unknown): Record<string, unknown> {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw)
    ? (raw as Record<string, unknown>)
    : {};
}

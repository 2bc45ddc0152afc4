import { AllocateBudgetDto, CommitReinvestmentDto } from '@ledger/contracts';
import type { FieldError } from '@ledger/domain';
import {
  calendarDateOf,
  datePartsOf,
  labelled,
  POUNDS_MESSAGE,
  readPounds,
  validateAsApi,
  type DateParts,
  type FieldLabels,
  type WriteFormFields,
} from './form-submission';

/** A form's fields as the browser sends them: text, the date in its three boxes. */
export type FormFields = WriteFormFields & Record<string, string | undefined>;

/** What a form reads to a body for the API's DTO: the body, or what is wrong, field by field. */
export type FormReading<T> = { body: T; errors: [] } | { body: null; errors: FieldError[] };

/** The fields as they were entered, to fill the form again after an error. */
export interface EnteredValues {
  text: Record<string, string>;
  effectiveDate: DateParts;
}

export function enteredValues(fields: FormFields, names: string[]): EnteredValues {
  return {
    text: Object.fromEntries(names.map((name) => [name, fields[name] ?? ''])),
    effectiveDate: datePartsOf(fields, 'effectiveDate'),
  };
}

export const EMPTY_VALUES = (names: string[]): EnteredValues => ({
  text: Object.fromEntries(names.map((name) => [name, ''])),
  effectiveDate: { day: '', month: '', year: '' },
});

/**
 * The amount and the effective date, which the page takes in a person's way (pounds with or
 * without thousands commas; day, month and year boxes) and hands on in the API's: a decimal
 * string and YYYY-MM-DD. What cannot be read so is this page's own error; whatever can is left
 * to the API's rules.
 */
function moneyAndDate(fields: FormFields, labels: FieldLabels) {
  const errors: FieldError[] = [];
  const rawAmount = (fields.amount ?? '').trim();
  const amount = readPounds(rawAmount);
  if (amount === null) {
    errors.push({
      field: 'amount',
      message: rawAmount === '' ? 'Enter the amount' : `${labels.amount} ${POUNDS_MESSAGE}`,
    });
  }
  const parts = datePartsOf(fields, 'effectiveDate');
  const effectiveDate = calendarDateOf(parts);
  if (effectiveDate === null) {
    const empty = parts.day === '' && parts.month === '' && parts.year === '';
    errors.push({
      field: 'effectiveDate',
      message: empty
        ? 'Enter the effective date'
        : `${labels.effectiveDate} must be a real date, with the day, month and year in numbers, such as 1 10 2025`,
    });
  }
  return { amount, effectiveDate, errors };
}

/** The page's own errors first, then the API's for every field the page did not already name. */
async function readAsApi<T>(
  dto: new () => object,
  body: Record<string, unknown>,
  ownErrors: FieldError[],
  labels: FieldLabels,
  fallback: string,
): Promise<FormReading<T>> {
  const named = new Set(ownErrors.map((error) => error.field));
  const apiErrors = labelled(await validateAsApi(dto, body), labels, fallback).filter(
    (error) => !named.has(error.field),
  );
  const errors = [...ownErrors, ...apiErrors];
  const order = Object.keys(labels);
  errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  return errors.length > 0 ? { body: null, errors } : { body: body as T, errors: [] };
}

export const REINVESTMENT_FIELDS = ['schemeId', 'amount', 'description'];

export const REINVESTMENT_LABELS: FieldLabels = {
  schemeId: 'Scheme id',
  amount: 'Amount',
  effectiveDate: 'Effective date',
  description: 'Description',
};

/** Which field a refusal of the reinvestment concerns, by its code. */
export function reinvestmentFieldOf(code: string): string {
  if (code.startsWith('REINVESTMENT.')) return 'amount';
  if (code.startsWith('BUDGET.PERIOD') || code.startsWith('PERIOD.')) return 'effectiveDate';
  return 'schemeId';
}

/**
 * The reinvestment form to the API's body (CommitReinvestmentDto). Its commitment id comes from
 * the form's key, so the form sent twice is the same commitment, and the key replays it.
 */
export function readReinvestment(fields: FormFields): Promise<FormReading<CommitReinvestmentDto>> {
  const { amount, effectiveDate, errors } = moneyAndDate(fields, REINVESTMENT_LABELS);
  const body = {
    commitmentId: `commit-${fields.idempotencyKey ?? ''}`,
    schemeId: (fields.schemeId ?? '').trim(),
    amount: amount ?? undefined,
    effectiveDate: effectiveDate ?? undefined,
    description: (fields.description ?? '').trim(),
  };
  return readAsApi(CommitReinvestmentDto, body, errors, REINVESTMENT_LABELS, 'schemeId');
}

export const ALLOCATION_FIELDS = ['serviceLine', 'amount'];

export const ALLOCATION_LABELS: FieldLabels = {
  serviceLine: 'Service line',
  amount: 'Amount',
  effectiveDate: 'Effective date',
};

/** Which field a refusal of the allocation concerns, by its code. */
export function allocationFieldOf(code: string): string {
  if (code.startsWith('BUDGET.PERIOD') || code.startsWith('PERIOD.')) return 'effectiveDate';
  if (code.includes('SERVICE_LINE')) return 'serviceLine';
  return 'amount';
}

/**
 * The allocation form to the API's body (AllocateBudgetDto), phased evenly from the effective
 * month to March: explicit phasing by month is not offered by this page.
 */
export async function readAllocation(
  fields: FormFields,
  serviceLines: string[],
): Promise<FormReading<AllocateBudgetDto>> {
  const { amount, effectiveDate, errors } = moneyAndDate(fields, ALLOCATION_LABELS);
  const serviceLine = fields.serviceLine ?? '';
  if (!serviceLines.includes(serviceLine)) {
    errors.unshift({ field: 'serviceLine', message: 'Select a service line of this agreement' });
  }
  const body = {
    allocationId: `alloc-${fields.idempotencyKey ?? ''}`,
    serviceLine,
    amount: amount ?? undefined,
    effectiveDate: effectiveDate ?? undefined,
    phasing: { kind: 'even' },
  };
  return readAsApi(AllocateBudgetDto, body, errors, ALLOCATION_LABELS, 'amount');
}

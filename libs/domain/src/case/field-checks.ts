import { isCalendarDate, type CalendarDate } from '../calendar/calendar-date';
import { containsNhsNumber, findNhsNumberFields } from '../identifiers/nhs-number';
import { isOdsCode } from '../identifiers/ods-code';
import { checkMoney, type Money } from '../money/money';
import { organisationNameProblem } from '../organisation/organisation-name';
import { caseError, type CaseErrorCode, type CaseFieldError } from './case.errors';

/**
 * A patient pseudonym: 1 to 64 letters, digits, `-` or `_`. Narrow on purpose: no spaces, dots
 * or `@`, so names, e-mail addresses and formatted dates of birth cannot pass as pseudonyms.
 * A run of digits that is a valid NHS number is refused separately.
 */
export const PSEUDONYM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Bed types are kebab-case words, e.g. `medium-secure`, `camhs-general-adolescent`. */
export const BED_TYPE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Distance from home in km: a decimal string ≥ 0 with at most 1 decimal place. */
export const DISTANCE_KM_PATTERN = /^(0|[1-9]\d*)(\.\d)?$/;

const NHS_NUMBER_MESSAGE =
  'holds a valid NHS number; patients are named only by pseudonym, and confidential patient ' +
  'data must not enter a finance system';

/**
 * Collects every failing field of one command, so the answer lists them all at once rather
 * than one per attempt. Each check returns the parsed value, or undefined when it failed.
 */
export class FieldChecks {
  private readonly failures: CaseFieldError[] = [];
  private readonly refusedAsNhsNumber = new Set<string>();

  /**
   * Refuses every string field of the command that holds a valid NHS number. Commands also
   * come from bulk import files, which never pass through the API's own scan.
   */
  constructor(commandData: unknown) {
    for (const field of findNhsNumberFields(commandData)) {
      this.failures.push({
        field,
        message: NHS_NUMBER_MESSAGE,
        code: 'PATIENT.NHS_NUMBER_REFUSED',
      });
      this.refusedAsNhsNumber.add(field);
    }
  }

  /** Records a failure, unless the field is already refused for holding an NHS number. */
  fail(field: string, message: string, code?: CaseErrorCode): void {
    if (this.refusedAsNhsNumber.has(field)) return;
    this.failures.push(code ? { field, message, code } : { field, message });
  }

  text(field: string, raw: unknown): string | undefined {
    if (typeof raw === 'string' && raw.trim() !== '') return raw;
    this.fail(field, 'is required and must be non-empty text');
    return undefined;
  }

  pseudonym(field: string, raw: unknown): string | undefined {
    if (typeof raw === 'string' && containsNhsNumber(raw)) return undefined;
    if (typeof raw === 'string' && PSEUDONYM_PATTERN.test(raw)) return raw;
    this.fail(field, 'must be a pseudonym of 1 to 64 letters, digits, "-" or "_"');
    return undefined;
  }

  date(field: string, raw: unknown): CalendarDate | undefined {
    if (isCalendarDate(raw)) return raw;
    this.fail(field, 'must be a real calendar date written YYYY-MM-DD');
    return undefined;
  }

  /** A daily rate: ≥ 0 (a block-funded bed has a 0 rate), at most 2 decimal places. */
  dailyRate(field: string, raw: unknown): Money | undefined {
    const checked = checkMoney(field, raw, { allowZero: true });
    if (checked.ok) return checked.value;
    this.fail(checked.error.field, checked.error.message);
    return undefined;
  }

  bedType(field: string, raw: unknown): string | undefined {
    if (typeof raw === 'string' && BED_TYPE_PATTERN.test(raw)) return raw;
    this.fail(field, 'must be a kebab-case bed type such as "medium-secure"');
    return undefined;
  }

  odsCode(field: string, raw: unknown): string | undefined {
    if (isOdsCode(raw)) return raw;
    this.fail(field, 'must be an ODS code: 3 to 6 uppercase letters or digits, e.g. "RV5"');
    return undefined;
  }

  distanceKm(field: string, raw: unknown): string | undefined {
    if (typeof raw === 'string' && DISTANCE_KM_PATTERN.test(raw)) return raw;
    this.fail(
      field,
      'must be a decimal string of km ≥ 0 with at most 1 decimal place, e.g. "42.5"',
    );
    return undefined;
  }

  /** An organisation's name (organisation-name.ts): not blank, at most 160 characters. */
  organisationName(field: string, raw: unknown): string | undefined {
    const problem = organisationNameProblem(raw);
    if (problem === null) return raw as string;
    this.fail(field, problem);
    return undefined;
  }

  oneOf<T extends string>(field: string, raw: unknown, allowed: readonly T[]): T | undefined {
    const found = allowed.find((value) => value === raw);
    if (found !== undefined) return found;
    this.fail(field, `must be one of: ${allowed.join(', ')}`);
    return undefined;
  }

  /** Throws one VALIDATION.FAILED listing every failing field; does nothing when all passed. */
  throwIfAny(what: string): void {
    if (this.failures.length === 0) return;
    const fields = this.failures.map((failure) => failure.field).join(', ');
    throw caseError('VALIDATION.FAILED', `${what} is invalid: check ${fields}`, {
      fieldErrors: [...this.failures],
    });
  }
}

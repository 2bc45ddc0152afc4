import { containsNhsNumber } from '../identifiers/nhs-number';
import type { FieldError } from '../shared/domain-error';

/** The longest name the register keeps, in characters once trimmed (an NHS trust's is < 100). */
export const MAX_ORGANISATION_NAME_LENGTH = 160;

/** C0 and C1 control characters (Unicode's Cc): a line break or a tab has no place in a name. */
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * Why a value is not an organisation's name, or null when it is one: text that is not blank,
 * 1 to 160 characters once trimmed, with no control characters and no NHS number (a name is
 * no place for patient data, and an import line never passes the API's own scan).
 */
export function organisationNameProblem(raw: unknown): string | null {
  if (typeof raw !== 'string') return "must be the organisation's name, as text";
  const name = raw.trim();
  if (name === '') return 'must not be blank';
  if ([...name].length > MAX_ORGANISATION_NAME_LENGTH) {
    return `must be at most ${MAX_ORGANISATION_NAME_LENGTH} characters once trimmed`;
  }
  if (CONTROL_CHARACTER.test(name)) return 'must not hold control characters such as line breaks';
  if (containsNhsNumber(name)) return 'must not hold an NHS number';
  return null;
}

export function isOrganisationName(raw: unknown): raw is string {
  return organisationNameProblem(raw) === null;
}

/** The field's failure, if the value is not an organisation's name. */
export function organisationNameErrors(field: string, raw: unknown): FieldError[] {
  const problem = organisationNameProblem(raw);
  return problem === null ? [] : [{ field, message: problem }];
}

/** The name as the register keeps it: trimmed, nothing else changed. */
export function normaliseOrganisationName(name: string): string {
  return name.trim();
}

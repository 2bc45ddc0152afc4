import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import {
  checkMoney,
  isCalendarDate,
  FINANCIAL_YEAR_RULE,
  isFinancialYear,
  isOdsCode,
  isPeriodId,
  organisationNameProblem,
  PSEUDONYM_PATTERN,
  type MoneyRule,
} from '@ledger/domain';

/**
 * Each field rule's check of one value, by rule name. class-validator names only the array
 * when an element of `{ each: true }` fails; the error paths use these to name the element.
 */
export const ELEMENT_CHECKS = new Map<string, (value: unknown) => boolean>();

/**
 * Field rules of the ledger as class-validator decorators. Each reuses the domain's own check,
 * so the HTTP edge and the deciders never disagree about what a valid value is.
 */
function fieldRule(
  name: string,
  isValid: (value: unknown) => boolean,
  message: string | ((args: ValidationArguments) => string),
) {
  ELEMENT_CHECKS.set(name, isValid);
  return (options?: ValidationOptions) =>
    (target: object, propertyName: string): void =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName,
        options: { message, ...options },
        validator: { validate: isValid },
      });
}

/** Money as a decimal string with at most 2 dp; JSON numbers are refused with a clear reason. */
export function IsMoneyString(rule: MoneyRule = {}, options?: ValidationOptions) {
  const problem = (value: unknown): string | null => {
    const checked = checkMoney('amount', value, rule);
    return checked.ok ? null : checked.error.message;
  };
  return fieldRule(
    'isMoneyString',
    (value) => problem(value) === null,
    (args) => problem(args.value) ?? 'must be a decimal string such as "685.50"',
  )(options);
}

export const IsOdsCode = fieldRule(
  'isOdsCode',
  isOdsCode,
  'must be an ODS code: 3 to 6 uppercase letters or digits, e.g. "RV5"',
);

export const IsCalendarDate = fieldRule(
  'isCalendarDate',
  isCalendarDate,
  'must be a real calendar date written YYYY-MM-DD',
);

export const IsFinancialYear = fieldRule('isFinancialYear', isFinancialYear, FINANCIAL_YEAR_RULE);

export const IsPeriodId = fieldRule('isPeriodId', isPeriodId, 'must be a period written YYYY-MM');

const LEDGER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isLedgerId(value: unknown): boolean {
  return typeof value === 'string' && LEDGER_ID.test(value);
}

/** Ids chosen by the caller (agreement, case, placement, allocation…): they appear in URLs. */
export const IsLedgerId = fieldRule(
  'isLedgerId',
  isLedgerId,
  'must be an id of 1 to 64 letters, digits, "-" or "_", starting with a letter or digit',
);

const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Service lines, bed types and reinvestment schemes are kebab-case names. */
export const IsKebabCaseName = fieldRule(
  'isKebabCaseName',
  (value) => typeof value === 'string' && KEBAB_CASE.test(value) && value.length <= 64,
  'must be a kebab-case name such as "adult-medium-secure" (at most 64 characters)',
);

const DISTANCE_KM = /^(0|[1-9]\d{0,4})(\.\d)?$/;

/** Half the Earth's circumference: no placement is further from home than that. */
export const MAX_DISTANCE_KM = 20_000;

export const IsDistanceKm = fieldRule(
  'isDistanceKm',
  (value) =>
    typeof value === 'string' && DISTANCE_KM.test(value) && Number(value) <= MAX_DISTANCE_KM,
  `must be a decimal string of km from 0 to ${MAX_DISTANCE_KM} with at most 1 decimal place, e.g. "42.5"`,
);

export const IsPseudonym = fieldRule(
  'isPseudonym',
  (value) => typeof value === 'string' && PSEUDONYM_PATTERN.test(value),
  'must be a pseudonym of 1 to 64 letters, digits, "-" or "_"',
);

/** Free text for reasons and descriptions: required, trimmed non-empty, at most 500 characters. */
export const IsReasonText = fieldRule(
  'isReasonText',
  (value) => typeof value === 'string' && value.trim() !== '' && value.length <= 500,
  'is required: non-empty text of at most 500 characters',
);

/** An organisation's name (the domain's rule): not blank, at most 160 characters once trimmed. */
export const IsOrganisationName = fieldRule(
  'isOrganisationName',
  (value) => organisationNameProblem(value) === null,
  (args) => organisationNameProblem(args.value) ?? "must be the organisation's name",
);

/**
 * Rules checked on each entry of an object of key → value, by rule name: the error paths name
 * each failing entry (`organisationNames.RV5`) with its own message, not the whole object.
 * A check answers null when the value is not such an object at all (the field itself fails).
 */
export const ENTRY_CHECKS = new Map<
  string,
  (value: unknown) => { key: string; message: string }[] | null
>();

/** Organisations an agreement can name: its commissioner, lead provider and 50 partners. */
export const MAX_ORGANISATION_NAMES = 52;

const ODS_KEY_MESSAGE = 'is not an ODS code: 3 to 6 uppercase letters or digits, e.g. "RV5"';

function organisationNameEntries(value: unknown): { key: string; message: string }[] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ORGANISATION_NAMES) return null;
  return entries.flatMap(([key, name]) => {
    if (!isOdsCode(key)) return [{ key, message: ODS_KEY_MESSAGE }];
    const problem = organisationNameProblem(name);
    return problem === null ? [] : [{ key, message: problem }];
  });
}

ENTRY_CHECKS.set('isOrganisationNames', organisationNameEntries);

/**
 * `organisationNames`: an object of ODS code → organisation's name, at most 52 entries. A bad
 * entry is named `organisationNames.<code>`; the agreement's own rules then check that each code
 * is one it names.
 */
export function IsOrganisationNames(options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isOrganisationNames',
      target: target.constructor,
      propertyName,
      options: {
        message: `must be an object of ODS code → name, at most ${MAX_ORGANISATION_NAMES} of them, e.g. {"RV5": "South London and Maudsley NHS FT"}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => organisationNameEntries(value)?.length === 0,
      },
    });
}

/** A field that only makes sense with a sibling's value, e.g. phasing months with kind "explicit". */
export function AllowedOnlyWhen<T>(condition: (dto: T) => boolean, description: string) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'allowedOnlyWhen',
      target: target.constructor,
      propertyName,
      options: { message: `is only allowed when ${description}` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || condition(args.object as T),
      },
    });
}

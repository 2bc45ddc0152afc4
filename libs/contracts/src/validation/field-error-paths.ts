import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { FieldError } from '@ledger/domain';
import { ELEMENT_CHECKS, ENTRY_CHECKS } from './ledger-validators';

/**
 * Flattens class-validator's tree into one list of failing fields with dotted paths, the
 * way the domain names them: `phasing.months[2].amount`.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = pathOf(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).flatMap(
      ([rule, message]) =>
        failingEntries(error, rule, field) ??
        failingElements(error, rule, field).map((path) => ({
          field: path,
          message: readable(rule, message, error.property),
        })),
    );
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * A rule checked on each element of an array names the elements that fail
 * (`serviceLines[2]`), not the whole array; any other rule names the field itself.
 */
function failingElements(error: ValidationError, rule: string, field: string): string[] {
  const check = ELEMENT_CHECKS.get(rule);
  const value: unknown = error.value;
  if (!check || !Array.isArray(value) || !checkedOnEachElement(error, rule)) return [field];
  const failing = value.flatMap((element, index) => (check(element) ? [] : [`${field}[${index}]`]));
  return failing.length > 0 ? failing : [field];
}

/**
 * A rule checked on each entry of an object (ENTRY_CHECKS) names each failing entry with its
 * own message (`organisationNames.RV5`); null when the rule is not one, or the value is not such
 * an object (the field itself is named then).
 */
function failingEntries(error: ValidationError, rule: string, field: string): FieldError[] | null {
  const entries = ENTRY_CHECKS.get(rule)?.(error.value);
  if (entries === undefined || entries === null || entries.length === 0) return null;
  return entries.map(({ key, message }) => ({ field: `${field}.${key}`, message }));
}

/** Whether the DTO declares the rule with `{ each: true }` on this property. */
function checkedOnEachElement(error: ValidationError, rule: string): boolean {
  const target = error.target;
  if (target === undefined) return false;
  return getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .some((meta) => meta.propertyName === error.property && meta.name === rule && meta.each);
}

function pathOf(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** "amount must be a string" reads as "must be a string" next to the field it belongs to. */
function readable(rule: string, message: string, property: string): string {
  if (rule === 'whitelistValidation') return 'is not a field of this request';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

import type { ValidationError } from 'class-validator';
import type { FieldError } from '@ledger/domain';
import { ELEMENT_CHECKS } from './ledger-validators';

/**
 * Flattens class-validator's tree into one list of failing fields with dotted paths, the
 * way the domain names them: `phasing.months[2].amount`.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = pathOf(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).flatMap(([rule, message]) =>
      failingElements(error.value, rule, field).map((path) => ({
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
function failingElements(value: unknown, rule: string, field: string): string[] {
  const check = ELEMENT_CHECKS.get(rule);
  if (!check || !Array.isArray(value)) return [field];
  const failing = value.flatMap((element, index) => (check(element) ? [] : [`${field}[${index}]`]));
  return failing.length > 0 ? failing : [field];
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

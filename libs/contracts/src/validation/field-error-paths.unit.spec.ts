/** Proves that nested DTO errors come out as one flat list with the domain's dotted paths. */
import type { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './field-error-paths';

const node = (
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError => ({ property, constraints, children });

describe('flattenValidationErrors', () => {
  it('names array items by index and nested fields by dots', () => {
    const tree = [
      node('phasing', undefined, [
        node('months', undefined, [
          node('2', undefined, [
            node('amount', { isMoneyString: 'must have at most 2 decimal places' }),
          ]),
        ]),
      ]),
      node('amount', { isString: 'amount must be a string' }),
      node('colour', { whitelistValidation: 'property colour should not exist' }),
    ];
    expect(flattenValidationErrors(tree)).toEqual([
      { field: 'phasing.months[2].amount', message: 'must have at most 2 decimal places' },
      { field: 'amount', message: 'must be a string' },
      { field: 'colour', message: 'is not a field of this request' },
    ]);
  });
});

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

describe('flattenValidationErrors names the failing element of an array', () => {
  it('names serviceLines[2], not serviceLines, when only the third fails', () => {
    const error: ValidationError = {
      property: 'serviceLines',
      value: ['adult-medium-secure', 'adult-low-secure', 'Not Kebab'],
      constraints: { isKebabCaseName: 'must be a kebab-case name' },
      children: [],
    };
    expect(flattenValidationErrors([error])).toEqual([
      { field: 'serviceLines[2]', message: 'must be a kebab-case name' },
    ]);
  });

  it('names every failing element, and the array itself for a rule about the whole array', () => {
    const errors: ValidationError[] = [
      {
        property: 'partnerProviderCodes',
        value: ['bad code', 'RPG', 'x'],
        constraints: {
          isOdsCode: 'must be an ODS code',
          arrayMaxSize: 'partnerProviderCodes must contain no more than 50 elements',
        },
        children: [],
      },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'partnerProviderCodes[0]', message: 'must be an ODS code' },
      { field: 'partnerProviderCodes[2]', message: 'must be an ODS code' },
      { field: 'partnerProviderCodes', message: 'must contain no more than 50 elements' },
    ]);
  });
});

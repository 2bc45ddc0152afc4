/** Proves that nested DTO errors come out as one flat list with the domain's dotted paths. */
import { ArrayMaxSize, validateSync, type ValidationError } from 'class-validator';
import { IsKebabCaseName, IsOdsCode } from './ledger-validators';
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
  // Real class-validator on a real DTO: the element is named only for a rule declared with
  // { each: true }; an array given where one value belongs names the field itself.
  class Lines {
    @ArrayMaxSize(3)
    @IsKebabCaseName({ each: true })
    serviceLines!: unknown;

    @IsOdsCode()
    leadProviderCode!: unknown;
  }
  const errorsOf = (value: object) =>
    flattenValidationErrors(validateSync(Object.assign(new Lines(), value)));

  it('names serviceLines[2], not serviceLines, when only the third fails', () => {
    const errors = errorsOf({
      serviceLines: ['adult-medium-secure', 'adult-low-secure', 'Not Kebab'],
      leadProviderCode: 'RV5',
    });
    expect(errors.map((e) => e.field)).toEqual(['serviceLines[2]']);
  });

  it('names every failing element, and the array itself for a rule about the whole array', () => {
    const errors = errorsOf({ serviceLines: ['Bad', 'ok', 'x y', 'z'], leadProviderCode: 'RV5' });
    expect(errors.map((e) => e.field).sort()).toEqual([
      'serviceLines',
      'serviceLines[0]',
      'serviceLines[2]',
    ]);
  });

  it('names the field, not an element, when an array stands where one value belongs', () => {
    const errors = errorsOf({ serviceLines: ['ok'], leadProviderCode: ['bad code'] });
    expect(errors.map((e) => e.field)).toEqual(['leadProviderCode']);
  });
});

import { isOdsCode } from './ods-code';

describe('ODS codes', () => {
  // Proves the shape rule: 3 to 6 uppercase letters or digits, using the SLP trusts' codes.

  it.each(['RPG', 'RV5', 'RQY', 'NL3', 'ABCDEF', '8HV48'])('accepts %p', (code) => {
    expect(isOdsCode(code)).toBe(true);
  });

  it.each([
    ['lowercase', 'rpg'],
    ['mixed case', 'Rv5'],
    ['2 characters', 'RP'],
    ['7 characters', 'RPG1234'],
    ['a space', 'RP G'],
    ['surrounding space', ' RPG'],
    ['punctuation', 'RV-5'],
    ['empty', ''],
  ])('rejects %s (%p)', (_why, code) => {
    expect(isOdsCode(code)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isOdsCode(123)).toBe(false);
    expect(isOdsCode(null)).toBe(false);
  });
});

import {
  containsNhsNumber,
  findNhsNumberFields,
  isValidNhsNumber,
  redactNhsNumbers,
} from './nhs-number';

describe('NHS number check digit', () => {
  // Proves the modulus-11 rule with numbers whose check digit is worked out by hand.

  it('accepts 9434765919', () => {
    // Weights 10..2 over 943476591: 90+36+24+28+42+30+20+27+2 = 299.
    // 299 mod 11 = 2 (11 × 27 = 297); 11 − 2 = 9, the last digit. Valid.
    expect(isValidNhsNumber('9434765919')).toBe(true);
  });

  it('rejects 9434765918, whose last digit is not the check digit 9', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });

  it('rejects every number whose check digit computes to 10', () => {
    // Weights over 100000001: 1×10 + 1×2 = 12; 12 mod 11 = 1; 11 − 1 = 10, which no single
    // digit can hold, so 100000001 followed by any digit is never a valid NHS number.
    for (let last = 0; last <= 9; last += 1) {
      expect(isValidNhsNumber(`100000001${last}`)).toBe(false);
    }
  });

  it('maps a check value of 11 to the digit 0', () => {
    // Weights over 000000000: sum 0; 0 mod 11 = 0; 11 − 0 = 11 → check digit 0.
    expect(isValidNhsNumber('0000000000')).toBe(true);
    expect(isValidNhsNumber('0000000001')).toBe(false);
  });

  it('wants exactly 10 digits', () => {
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('943 476 5919')).toBe(false);
  });
});

describe('finding NHS numbers in text', () => {
  it('finds one written with spaces inside other text', () => {
    expect(containsNhsNumber('patient 943 476 5919 admitted')).toBe(true);
    expect(containsNhsNumber('943-476-5919')).toBe(true);
    expect(containsNhsNumber('ref:9434765919.')).toBe(true);
  });

  it('ignores invalid numbers and longer runs of digits', () => {
    expect(containsNhsNumber('943 476 5918')).toBe(false);
    expect(containsNhsNumber('19434765919')).toBe(false);
    expect(containsNhsNumber('94347659190')).toBe(false);
  });

  it('does not mistake a money amount for an NHS number', () => {
    // "9434765919.00" is £9.4bn; the ten digits are a number of pounds, not a patient.
    expect(containsNhsNumber('9434765919.00')).toBe(false);
    expect(containsNhsNumber('0.9434765919')).toBe(false);
  });

  it('names every field that holds one, however deep', () => {
    const command = {
      patientRef: 'P-001',
      notes: ['fine', 'NHS no 943 476 5919'],
      placement: { bedType: '9434765919' },
      amount: '9434765919.00',
    };
    expect(findNhsNumberFields(command)).toEqual(['notes[1]', 'placement.bedType']);
    expect(findNhsNumberFields('9434765919')).toEqual(['(body)']);
  });

  it('removes valid NHS numbers from text it sends back, and nothing else', () => {
    // 9434765918 fails the check digit, and the amount is a decimal: both stay.
    expect(redactNhsNumbers('/v1/cases/9434765919/x 943 476 5919 9434765918 9434765919.00')).toBe(
      '/v1/cases/[NHS number removed]/x [NHS number removed] 9434765918 9434765919.00',
    );
  });
});

describe('containsNhsNumber: the quick digit-run test clears only texts without a candidate', () => {
  // The rule as written before the quick test: every candidate, each checked in full.
  const CANDIDATE = /(?<!\d|\d\.)(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d|\.\d)/g;
  const byTheRule = (text: string) =>
    [...text.matchAll(CANDIDATE)].some((match) => isValidNhsNumber(match[1].replace(/[ -]/g, '')));

  it('agrees with the full rule on 20,000 seeded random texts', () => {
    let seed = 20170401;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '0123456789 -.ab';
    const valid = ['9434765919', '943 476 5919', '943-476-5919'];
    let found = 0;
    for (let n = 0; n < 20_000; n += 1) {
      let text = '';
      const length = Math.floor(next() * 30);
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(next() * alphabet.length)];
      if (next() < 0.2) text += valid[Math.floor(next() * valid.length)];
      if (next() < 0.5) text += alphabet[Math.floor(next() * alphabet.length)];
      const expected = byTheRule(text);
      if (expected) found += 1;
      expect(containsNhsNumber(text)).toBe(expected);
    }
    expect(found).toBeGreaterThan(1_000); // the sample holds plenty of real NHS numbers
  });
});

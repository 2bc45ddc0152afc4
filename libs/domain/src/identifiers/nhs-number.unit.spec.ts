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

describe('NHS numbers written with other separators and other scripts', () => {
  // domain.md: "The digits count whatever separates them (any kind of space, a hyphen or dash,
  // a dot) and whatever script writes them (full-width digits too)."
  const written: Array<[string, string]> = [
    ['a no-break space', 'patient 943\u00a0476\u00a05919 moved'],
    ['a narrow no-break space', '943\u202f476\u202f5919'],
    ['a tab', '943\t476\t5919'],
    ['two spaces', '943  476  5919'],
    ['an en dash', '943\u2013476\u20135919'],
    ['an em dash', '943\u2014476\u20145919'],
    ['a minus sign', '943\u2212476\u22125919'],
    ['a dot', 'NHS no. 943.476.5919, admitted'],
    ['a zero-width space', '943\u200b476\u200b5919'],
    ['pairs of digits', '94 34 76 59 19'],
    ['full-width digits', '\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19'],
    [
      'full-width digits and an ideographic space',
      '\uff19\uff14\uff13\u3000\uff14\uff17\uff16\u3000\uff15\uff19\uff11\uff19',
    ],
    ['Arabic-Indic digits', '\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669'],
    ['Devanagari digits', '\u096f\u096a\u0969\u096a\u096d\u096c\u096b\u096f\u0967\u096f'],
    [
      'mathematical bold digits',
      '\u{1d7d7}\u{1d7d2}\u{1d7d1}\u{1d7d2}\u{1d7d5}\u{1d7d4}\u{1d7d3}\u{1d7d7}\u{1d7cf}\u{1d7d7}',
    ],
    ['ASCII and full-width mixed', '943 \uff14\uff17\uff16 5919'],
  ];

  it.each(written)('finds one written with %s', (_how, text) => {
    expect(containsNhsNumber(text)).toBe(true);
    expect(redactNhsNumbers(text)).not.toMatch(/\p{Nd}{3}/u);
    expect(redactNhsNumbers(text)).toContain('[NHS number removed]');
  });

  it('does not join digits across a long gap or across letters', () => {
    expect(containsNhsNumber('943    476    5919')).toBe(false); // four spaces
    expect(containsNhsNumber('943 and 476 and 5919')).toBe(false);
  });

  it('keeps amounts with pence, and other decimals, out of it', () => {
    // 6500000000 would pass the check by chance for some amounts; £65,000,000.00 is money.
    for (const amount of [
      '65000000.00',
      '94347659.19',
      '9434765919.00',
      '0.9434765919',
      '943476591.9',
    ]) {
      expect(containsNhsNumber(amount)).toBe(false);
    }
  });

  it('finds a number next to other figures, but not inside a longer run of digits', () => {
    expect(containsNhsNumber('ward 12 9434765919')).toBe(true);
    expect(containsNhsNumber('129434765919')).toBe(false);
  });

  it('finds one in a field name, and names the field redacted', () => {
    expect(
      findNhsNumberFields({ caseId: 'c1', '9434765919': 'x', nested: { '943 476 5919': 1 } }),
    ).toEqual(['[NHS number removed]', 'nested.[NHS number removed]']);
  });

  it('finds one written as a JSON number', () => {
    expect(findNhsNumberFields({ dailyRate: 9434765919, savingsHorizonDays: 365 })).toEqual([
      'dailyRate',
    ]);
  });

  it('walks any depth without overflowing the stack', () => {
    let deep: unknown = 'patient 9434765919';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(findNhsNumberFields(deep)).toHaveLength(1);
  });
});

describe('containsNhsNumber agrees with the rule written out by brute force', () => {
  // The rule restated without groups: any stretch of the text that starts and ends on a digit,
  // holds exactly ten digits, has at most three separators between neighbouring digits, and is
  // not glued to further digits or to a decimal point.
  const SEPARATOR = /[\s\p{Pd}\p{Cf}\u2212.\uFF0E]/u;
  const byBruteForce = (text: string): boolean => {
    const isDigit = (i: number) => i >= 0 && i < text.length && /\d/.test(text[i]);
    for (let start = 0; start < text.length; start += 1) {
      if (!isDigit(start)) continue;
      for (let end = start + 1; end <= text.length; end += 1) {
        const stretch = text.slice(start, end);
        const digits = stretch.replace(/\D/g, '');
        if (digits.length > 10) break;
        if (digits.length !== 10 || !isDigit(end - 1)) continue;
        const gaps = stretch.split(/\d+/).slice(1, -1);
        if (gaps.some((gap) => gap.length > 3 || ![...gap].every((c) => SEPARATOR.test(c)))) break;
        // Pence: a part of one or two digits after a lone dot is never inside a number.
        const parts = stretch.split(/(?<=\d)(?=\D)|(?<=\D)(?=\d)/);
        if (parts.some((part, i) => i >= 2 && /^\d{1,2}$/.test(part) && parts[i - 1] === '.'))
          break;
        // Not glued to further digits, and not the integer or the fraction of a decimal.
        if (isDigit(start - 1) || isDigit(end)) continue;
        const decimal =
          (text[start - 1] === '.' && isDigit(start - 2)) ||
          (text[end] === '.' && isDigit(end + 1));
        if (!decimal && isValidNhsNumber(digits)) return true;
      }
    }
    return false;
  };

  it('on 20,000 seeded random texts', () => {
    let seed = 20170401;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '0123456789 -.ab\u00a0\t';
    const valid = [
      '9434765919',
      '943 476 5919',
      '943-476-5919',
      '943\u00a0476\u00a05919',
      '943.476.5919',
    ];
    let found = 0;
    for (let n = 0; n < 20_000; n += 1) {
      let text = '';
      const length = Math.floor(next() * 30);
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(next() * alphabet.length)];
      if (next() < 0.2) text += valid[Math.floor(next() * valid.length)];
      if (next() < 0.5) text += alphabet[Math.floor(next() * alphabet.length)];
      const expected = byBruteForce(text);
      if (expected) found += 1;
      if (containsNhsNumber(text) !== expected)
        throw new Error(`disagree on ${JSON.stringify(text)}: rule says ${expected}`);
    }
    expect(found).toBeGreaterThan(1_000); // the sample holds plenty of real NHS numbers
  });
});

import {
  checkMoney,
  formatMoney,
  formatPounds,
  fromPence,
  money,
  sumMoney,
  toPence,
  type MoneyCheck,
} from './money';
import fc from 'fast-check';

/** Unwraps a successful check so a test can compare the value as a string. */
function valueOf(check: MoneyCheck): string {
  if (!check.ok) throw new Error(`expected ok, got ${check.error.message}`);
  return formatMoney(check.value);
}

function messageOf(check: MoneyCheck): string {
  if (check.ok) throw new Error('expected a failure');
  return check.error.message;
}

describe('checkMoney', () => {
  // Proves the money rules of domain.md by feeding one value of each kind through the check.

  it('rejects a JSON number, because a float may already have lost a penny', () => {
    const check = checkMoney('amount', 685.5);
    expect(check).toEqual({
      ok: false,
      error: { field: 'amount', message: expect.stringContaining('not a JSON number') },
    });
  });

  it('rejects three decimal places and says why', () => {
    expect(messageOf(checkMoney('amount', '685.505'))).toBe('must have at most 2 decimal places');
    expect(messageOf(checkMoney('amount', '-1.001', { allowNegative: true }))).toBe(
      'must have at most 2 decimal places',
    );
  });

  it('accepts one or two decimal places and whole pounds', () => {
    expect(valueOf(checkMoney('amount', '685.5'))).toBe('685.50');
    expect(valueOf(checkMoney('amount', '65000000.00'))).toBe('65000000.00');
    expect(valueOf(checkMoney('amount', '12'))).toBe('12.00');
  });

  it.each(['', ' 1.00', '1,000.00', '1e3', '.5', '+5', '007', '1.', 'abc'])(
    'rejects the malformed string %p',
    (raw) => {
      expect(messageOf(checkMoney('amount', raw))).toBe(
        'must be a decimal string such as "685.50"',
      );
    },
  );

  it.each([null, undefined, true, {}, ['1.00']])('rejects the non-string %p', (raw) => {
    expect(checkMoney('amount', raw).ok).toBe(false);
  });

  it('refuses negatives unless the rule allows them', () => {
    expect(messageOf(checkMoney('amount', '-250000.00'))).toBe('must not be negative');
    expect(valueOf(checkMoney('amount', '-250000.00', { allowNegative: true }))).toBe('-250000.00');
  });

  it('refuses zero unless the rule allows it, whatever its sign', () => {
    expect(messageOf(checkMoney('rate', '0'))).toBe('must not be zero');
    expect(messageOf(checkMoney('rate', '-0.00', { allowNegative: true }))).toBe(
      'must not be zero',
    );
    expect(valueOf(checkMoney('rate', '0.00', { allowZero: true }))).toBe('0.00');
    // "-0.00" is zero, not a negative amount, so a zero-allowing rule accepts it as "0.00".
    expect(valueOf(checkMoney('rate', '-0.00', { allowZero: true }))).toBe('0.00');
  });

  it('caps amounts at 13 digits before the point, where decimal.js would start losing pence', () => {
    expect(valueOf(checkMoney('amount', '9999999999999.99'))).toBe('9999999999999.99');
    expect(messageOf(checkMoney('amount', '10000000000000.00'))).toContain('less than');
  });

  it('names the failing field', () => {
    const check = checkMoney('phasing.months[3].amount', 'x');
    expect(check.ok || check.error.field).toBe('phasing.months[3].amount');
  });
});

describe('formatMoney and formatPounds', () => {
  it('stores 2 decimal places and never "-0.00"', () => {
    expect(formatMoney(money('685.5'))).toBe('685.50');
    expect(formatMoney(money('-0'))).toBe('0.00');
    // -0.001 truncated toward zero to the penny is -0.00, which is zero.
    expect(formatMoney(money('-0.001'))).toBe('0.00');
    expect(formatMoney(money('-83333.34'))).toBe('-83333.34');
  });

  it('shows pounds to people with thousands separators', () => {
    expect(formatPounds(money('1000'))).toBe('£1,000.00');
    expect(formatPounds(money('0'))).toBe('£0.00');
    expect(formatPounds(money('65000000'))).toBe('£65,000,000.00');
    expect(formatPounds(money('-83333.34'))).toBe('-£83,333.34');
    expect(formatPounds(money('999.9'))).toBe('£999.90');
  });
});

describe('pence', () => {
  it('converts to and from integer pence exactly', () => {
    // £5,416,666.74 is 541,666,674 pence.
    expect(toPence(money('5416666.74'))).toBe(541666674n);
    expect(formatMoney(fromPence(541666674n))).toBe('5416666.74');
    expect(toPence(money('-0.01'))).toBe(-1n);
  });

  it('round-trips any whole number of pence through a money string', () => {
    // Property: pence → money string → checkMoney → pence gives back the same integer.
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), (pence) => {
        const text = formatMoney(fromPence(pence));
        const check = checkMoney('amount', text, { allowNegative: true, allowZero: true });
        expect(check.ok && toPence(check.value)).toBe(pence);
      }),
    );
  });

  it('adds money exactly, with no float drift', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floats; in pence it is 10 + 20 = 30.
    expect(formatMoney(sumMoney([money('0.1'), money('0.2')]))).toBe('0.30');
  });
});

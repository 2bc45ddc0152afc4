import { csvField, toCsv } from './report-csv';

describe('CSV (RFC 4180)', () => {
  it('leaves plain fields alone and writes null as empty', () => {
    expect(csvField('spend:adult-medium-secure:in-area:RPG')).toBe(
      'spend:adult-medium-secure:in-area:RPG',
    );
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField(false)).toBe('false');
  });

  it('quotes commas, quotes and line breaks, doubling quotes inside', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('ends every row, the header included, with CRLF', () => {
    expect(toCsv({ header: ['account', 'balance_gbp'], rows: [['commissioner', '-1.00']] })).toBe(
      'account,balance_gbp\r\ncommissioner,-1.00\r\n',
    );
  });
});

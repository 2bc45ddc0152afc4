import { parseExposition, valueOf } from './exposition';

describe('parseExposition', () => {
  it('reads samples with escaped labels, special values and timestamps, skipping comments', () => {
    const samples = parseExposition(
      [
        '# HELP x_total Things.',
        '# TYPE x_total counter',
        'x_total{type="A",outcome="PATIENT.NHS_NUMBER_REFUSED"} 2',
        'x_total{type="B",path="a \\"quoted\\" \\\\ path"} 1 1700000000000',
        'y_bytes NaN',
        'w_bytes Nan',
        'z_bucket{le="+Inf"} +Inf',
        '',
      ].join('\n'),
    );
    expect(samples[1].labels.path).toBe('a "quoted" \\ path');
    expect(valueOf(samples, 'x_total')).toBe(3);
    expect(valueOf(samples, 'x_total', { type: 'A' })).toBe(2);
    expect(valueOf(samples, 'y_bytes')).toBeNaN();
    expect(valueOf(samples, 'w_bytes')).toBeNaN();
    expect(valueOf(samples, 'z_bucket', { le: '+Inf' })).toBe(Infinity);
    expect(valueOf(samples, 'nothing_total')).toBe(0);
  });

  it('refuses a line that is not a sample', () => {
    expect(() => parseExposition('x_total{type="A} 1')).toThrow(/not a sample|bad labels/);
    expect(() => parseExposition('x_total one')).toThrow(/bad value/);
  });
});

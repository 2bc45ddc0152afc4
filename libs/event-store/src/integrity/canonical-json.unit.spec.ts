/**
 * The one canonical JSON (canonical-json.ts), which both the hash chain and the request hash
 * of idempotency keys take: RFC 8785 text, and its one rule for `undefined`.
 */
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys at every depth, keeps array order, and writes no whitespace', () => {
    // Proves the ordering rule: upper case before underscore before lower case (code-unit order), arrays untouched.
    expect(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, B: true, _: 'x', e: [] }),
    ).toBe('{"B":true,"_":"x","a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1,"e":[]}');
  });

  it('sorts the objects inside nested arrays, and keeps every array in its order', () => {
    // Proves arrays of arrays of objects: the order of elements is data, the order of keys is not.
    expect(
      canonicalJson([
        [{ b: 2, a: 1 }, []],
        [[{ d: [{ y: 1, x: 0 }] }], 'z', 'a'],
      ]),
    ).toBe('[[{"a":1,"b":2},[]],[[{"d":[{"x":0,"y":1}]}],"z","a"]]');
  });

  it('gives the same text whatever order the keys were written in', () => {
    // Proves key order never changes the text: a shuffled copy of any JSON object has the same form.
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
      }),
    );
  });

  it('compares keys by UTF-16 code units, not by code points', () => {
    // Proves the RFC 8785 comparison: U+1F600 (surrogates D83D DE00) sorts before U+FFFD.
    expect(canonicalJson({ '\uFFFD': 1, '\u{1F600}': 2 })).toBe('{"\u{1F600}":2,"\uFFFD":1}');
  });

  it('escapes strings as JSON.stringify does, and only those characters', () => {
    // Proves the string rule: quote, backslash and control characters are escaped; slash and non-ASCII are not.
    expect(canonicalJson('a\u0001\n\t"\\/é£')).toBe('"a\\u0001\\n\\t\\"\\\\/é£"');
  });

  it('writes integers plainly', () => {
    // Proves the number rule for the integers the ledger stores.
    expect(canonicalJson([0, 365, -3, 1e21])).toBe('[0,365,-3,1e+21]');
  });

  it('reads back the same: the text of a parsed JSON text is that of the value it came from', () => {
    // Proves a hash taken before storing equals one taken of what is read back, for any JSON value.
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
      }),
    );
  });
});

describe('canonicalJson: undefined means absent', () => {
  it('leaves out an object member that is undefined, at any depth, as if it were not there', () => {
    // Proves the rule: { a, b: undefined } is { a }, as JSON.stringify stores it and a read gives it back.
    const value = { b: undefined, a: 1, c: { e: undefined, d: [{ f: undefined, g: 2 }] } };
    expect(canonicalJson(value)).toBe('{"a":1,"c":{"d":[{"g":2}]}}');
    expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
    expect(canonicalJson({ only: undefined })).toBe('{}');
  });

  it('refuses undefined where there is nothing to leave out: in an array, or as the value', () => {
    // Proves undefined is never silently turned into null (JSON.stringify's [null]), which would be another value.
    expect(() => canonicalJson([1, undefined])).toThrow(
      new TypeError('Array element 1 is undefined, which JSON would turn into null'),
    );
    // eslint-disable-next-line no-sparse-arrays
    expect(() => canonicalJson({ a: [1, , 3] })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('refuses values JSON cannot hold, or would hold as something else, instead of guessing', () => {
    // Proves a hash is never taken of something that would read back differently.
    const refused: unknown[] = [
      NaN,
      Infinity,
      10n,
      () => 1,
      Symbol('s'),
      { a: NaN },
      { a: () => 1 },
      new Date('2025-04-01T00:00:00Z'),
      { at: new Date('2025-04-01T00:00:00Z') },
    ];
    for (const value of refused) expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});

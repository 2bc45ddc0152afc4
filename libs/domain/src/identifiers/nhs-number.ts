/**
 * NHS numbers are 10 digits whose last digit is a modulus-11 check digit. Confidential patient
 * data must not enter a general finance system, so any text that holds a valid NHS number is
 * refused, wherever it appears (domain.md, "Identity, audit and privacy").
 *
 * The digits count whatever separates them and whatever script writes them:
 * - between two digits may stand a run of up to {@link MAX_SEPARATOR_RUN} separators: any kind
 *   of space (no-break, narrow no-break, tab, ideographic…), a hyphen or any dash, a minus
 *   sign, a dot, or an invisible format character (a zero-width space, a soft hyphen);
 * - a digit is any decimal digit of Unicode (`\p{Nd}`): ASCII, full-width, Arabic-Indic,
 *   Devanagari and the rest all carry the same values 0 to 9.
 *
 * Ten digits count only as a whole: they must not be part of a longer run written without
 * separators (`19434765919` is not an NHS number), and digits inside a decimal number are not
 * one either. Without that guard an allocation of "9434765919.00" (about £9.4bn), or
 * "65000000.00" read as the ten digits 6500000000, could be refused as patient data.
 */
const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** Two spaces, a space and a dash, a tab: a few separators between digits still join them. */
export const MAX_SEPARATOR_RUN = 3;

/** What a refused number is replaced with in any text the ledger sends back or logs. */
export const NHS_NUMBER_REMOVED = '[NHS number removed]';

export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  const expected = check === 11 ? 0 : check;
  return expected === Number(digits[9]);
}

/** True when the text contains a valid NHS number anywhere, alone or inside other text. */
export function containsNhsNumber(text: string): boolean {
  return nhsNumberSpans(text, true).length > 0;
}

/**
 * Replaces every valid NHS number in a text with `[NHS number removed]`, for text the ledger
 * sends back or logs (an error's detail, a URL, a field's name), so that a refusal never
 * repeats the number.
 */
export function redactNhsNumbers(text: string): string {
  const spans = nhsNumberSpans(text, false);
  if (spans.length === 0) return text;
  let redacted = '';
  let from = 0;
  for (const span of spans) {
    redacted += text.slice(from, span.start) + NHS_NUMBER_REMOVED;
    from = span.end;
  }
  return redacted + text.slice(from);
}

/**
 * Walks any JSON value and returns the paths of the fields holding an NHS number: in a string
 * value, a number value (the JSON number 9434765919 is as much an NHS number as the string), or
 * in a field's own name. A name that holds one is written redacted in every path, so
 * the path itself can be sent back. Used on every incoming command, whatever its shape.
 *
 * The walk keeps its own stack rather than recursing, so no nesting depth can overflow it.
 */
export function findNhsNumberFields(value: unknown, path = ''): string[] {
  const found: string[] = [];
  const pending: Array<{ value: unknown; path: string }> = [{ value, path }];
  while (pending.length > 0) {
    const next = pending.pop() as { value: unknown; path: string };
    if (typeof next.value === 'string' || typeof next.value === 'number') {
      if (containsNhsNumber(String(next.value))) found.push(next.path || '(body)');
    } else if (Array.isArray(next.value)) {
      for (let index = next.value.length - 1; index >= 0; index -= 1) {
        pending.push({ value: next.value[index] as unknown, path: `${next.path}[${index}]` });
      }
    } else if (next.value !== null && typeof next.value === 'object') {
      const entries = Object.entries(next.value as Record<string, unknown>);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, item] = entries[index];
        const name = redactNhsNumbers(key);
        const itemPath = next.path ? `${next.path}.${name}` : name;
        if (name !== key) found.push(itemPath);
        pending.push({ value: item, path: itemPath });
      }
    }
  }
  // The walk visits depth first, in document order; a name and the value under it may both be
  // named, and the same path is listed once.
  return [...new Set(found)];
}

/** Where one NHS number stands in a text: from its first digit to just after its last. */
interface NhsNumberSpan {
  start: number;
  end: number;
}

/** A run of digits with no separator inside it. */
interface DigitPart {
  digits: string;
  start: number;
  end: number;
  /** The separators between this part and the one before it in its group ('' for the first). */
  separatorBefore: string;
}

const ASCII_ZERO = 48;
const ASCII_NINE = 57;
const SEPARATOR = /^[\s\p{Pd}\p{Cf}\u2212.\uFF0E]$/u;
const ANY_DIGIT = /^\p{Nd}$/u;

/**
 * Every valid NHS number in a text. Digits joined by short separator runs make a group; a
 * candidate is any run of whole parts of a group holding exactly ten digits.
 */
function nhsNumberSpans(text: string, firstOnly: boolean): NhsNumberSpan[] {
  if (text.length < 10 || !mayHoldTenDigits(text)) return [];
  const spans: NhsNumberSpan[] = [];
  for (const group of digitGroups(text)) {
    for (const span of candidatesIn(group)) {
      spans.push(span);
      if (firstOnly) return spans;
    }
  }
  return mergeOverlapping(spans);
}

/**
 * Most texts (ids, dates, amounts) hold fewer than ten ASCII digits and nothing else that
 * could be a digit, so they are cleared by one pass over their character codes.
 */
function mayHoldTenDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code > 127) return true;
    if (code >= ASCII_ZERO && code <= ASCII_NINE && ++digits >= 10) return true;
  }
  return false;
}

function digitGroups(text: string): DigitPart[][] {
  const groups: DigitPart[][] = [];
  let group: DigitPart[] = [];
  let part: DigitPart | null = null;
  let separators = '';
  let index = 0;
  for (const character of text) {
    const digit = digitValue(character);
    if (digit !== null) {
      if (part === null) {
        if (separators.length > MAX_SEPARATOR_RUN || group.length === 0) {
          if (group.length > 0) groups.push(group);
          group = [];
          separators = '';
        }
        part = { digits: '', start: index, end: index, separatorBefore: separators };
        group.push(part);
      }
      part.digits += digit;
      part.end = index + character.length;
      separators = '';
    } else if (group.length > 0 && SEPARATOR.test(character)) {
      part = null;
      separators += character;
    } else {
      if (group.length > 0) groups.push(group);
      group = [];
      part = null;
      separators = '';
    }
    index += character.length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Digits inside a decimal number are not an NHS number: `…5919.00`, `0.9434765919`. */
function isDecimalPoint(separators: string): boolean {
  return separators === '.';
}

/** Pence after a decimal point: "65000000.00" is one amount, never the ten digits 6500000000. */
function isFraction(part: DigitPart): boolean {
  return isDecimalPoint(part.separatorBefore) && part.digits.length <= 2;
}

function* candidatesIn(group: DigitPart[]): Generator<NhsNumberSpan> {
  for (let first = 0; first < group.length; first += 1) {
    if (isDecimalPoint(group[first].separatorBefore)) continue;
    let digits = '';
    for (let last = first; last < group.length; last += 1) {
      if (last > first && isFraction(group[last])) break;
      digits += group[last].digits;
      if (digits.length > 10) break;
      if (digits.length < 10) continue;
      const next = group[last + 1];
      const inDecimal = next !== undefined && isDecimalPoint(next.separatorBefore);
      if (!inDecimal && isValidNhsNumber(digits)) {
        yield { start: group[first].start, end: group[last].end };
      }
      break;
    }
  }
}

function mergeOverlapping(spans: NhsNumberSpan[]): NhsNumberSpan[] {
  const merged: NhsNumberSpan[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const previous = merged[merged.length - 1];
    if (previous && span.start < previous.end) previous.end = Math.max(previous.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** The value 0 to 9 of any Unicode decimal digit, as an ASCII digit; null for anything else. */
function digitValue(character: string): string | null {
  const code = character.codePointAt(0) as number;
  if (code >= ASCII_ZERO && code <= ASCII_NINE) return character;
  if (code < 128 || !ANY_DIGIT.test(character)) return null;
  return String(unicodeDigitValue(code));
}

const unicodeDigitValues = new Map<number, number>();

/**
 * Unicode encodes each script's decimal digits as a contiguous run from 0 to 9, and adjacent
 * runs (the mathematical digits) follow one another whole. So a digit's value is how many
 * digits stand just below it, modulo 10.
 */
function unicodeDigitValue(code: number): number {
  const known = unicodeDigitValues.get(code);
  if (known !== undefined) return known;
  let below = 0;
  while (ANY_DIGIT.test(String.fromCodePoint(code - below - 1))) below += 1;
  const value = below % 10;
  unicodeDigitValues.set(code, value);
  return value;
}

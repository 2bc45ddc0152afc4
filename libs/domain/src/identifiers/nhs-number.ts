/**
 * NHS numbers are 10 digits whose last digit is a modulus-11 check digit. Confidential patient
 * data must not enter a general finance system, so any field that holds a valid NHS number is
 * refused. Spaces or dashes in the usual 3-3-4 grouping are recognised too.
 */
const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  const expected = check === 11 ? 0 : check;
  return expected === Number(digits[9]);
}

/**
 * Ten digits standing alone, not part of a longer number. Digits inside a decimal number are
 * not an NHS number: without that guard an allocation of "9434765919.00" (about £9.4bn) would
 * be refused as patient data.
 */
const CANDIDATE = /(?<!\d|\d\.)(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d|\.\d)/g;

/**
 * Ten digits in the 3-3-4 grouping, without the checks around them: every candidate matches
 * it, and it is much cheaper to test, so most texts (dates, amounts, ids) are cleared at once.
 */
const DIGIT_RUN = /\d{3}[ -]?\d{3}[ -]?\d{4}/;

/** True when the text contains a valid NHS number anywhere, alone or inside other text. */
export function containsNhsNumber(text: string): boolean {
  if (text.length < 10 || !DIGIT_RUN.test(text)) return false;
  for (const match of text.matchAll(CANDIDATE)) {
    if (isValidNhsNumber(match[1].replace(/[ -]/g, ''))) return true;
  }
  return false;
}

/**
 * Replaces every valid NHS number in a text with `[NHS number removed]`, for text the ledger
 * sends back or logs (an error's detail, a URL), so a refusal never repeats the number.
 */
export function redactNhsNumbers(text: string): string {
  return text.replace(CANDIDATE, (candidate: string, digits: string) =>
    isValidNhsNumber(digits.replace(/[ -]/g, '')) ? '[NHS number removed]' : candidate,
  );
}

/**
 * Walks any JSON value and returns the dotted paths of string fields holding an NHS number.
 * Used on every incoming command, whatever its shape.
 */
export function findNhsNumberFields(value: unknown, path = ''): string[] {
  const found: string[] = [];
  collectNhsNumberFields(value, path, found);
  return found;
}

function collectNhsNumberFields(value: unknown, path: string, found: string[]): void {
  if (typeof value === 'string') {
    if (containsNhsNumber(value)) found.push(path || '(body)');
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      collectNhsNumberFields(value[index], `${path}[${index}]`, found);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      collectNhsNumberFields(item, path ? `${path}.${key}` : key, found);
    }
  }
}

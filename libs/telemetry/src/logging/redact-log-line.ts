import { containsNhsNumber, NHS_NUMBER_REMOVED, redactNhsNumbers } from '@ledger/domain';

/**
 * Removes every valid NHS number from one serialized log line, wherever it stands: the message,
 * a field's value or name, an error's message or stack, a nested object, a JSON number. The
 * domain's rule decides what an NHS number is (any separators, any script's digits), so the logs
 * hide exactly what the API refuses to take in.
 *
 * Most lines hold no escape sequence, and then the line as written is the text it carries: one
 * scan of it finds any number (the quotes, colons and commas of JSON join no digits), and a
 * line without one is passed on untouched. A line holding an escape (`\n`, `\t`, `\u00a0`…)
 * may hide a number behind it (`943\t476\t5919` is written `943\\t476\\t5919`), so it is read as
 * JSON and every string, name and number checked as decoded. A line that is found holding a
 * number is rewritten from its parsed form, so a JSON number is replaced by a string and the line
 * stays valid JSON; a line that is not JSON is redacted as plain text.
 */
export function redactLogLine(line: string): string {
  const escaped = line.includes('\\');
  if (!escaped && !containsNhsNumber(line)) return line;
  const newline = line.endsWith('\n') ? '\n' : '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return redactNhsNumbers(line);
  }
  const redacted = redactValue(parsed);
  return redacted.changed ? JSON.stringify(redacted.value) + newline : line;
}

/** The value with every NHS number in a string, a number or a member's name replaced. */
function redactValue(value: unknown): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    const text = redactNhsNumbers(value);
    return { value: text, changed: text !== value };
  }
  if (typeof value === 'number') {
    return containsNhsNumber(String(value))
      ? { value: NHS_NUMBER_REMOVED, changed: true }
      : { value, changed: false };
  }
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item: unknown) => {
      const redacted = redactValue(item);
      changed ||= redacted.changed;
      return redacted.value;
    });
    return { value: items, changed };
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    // No prototype: a member named `__proto__` stays a member.
    const members = Object.create(null) as Record<string, unknown>;
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      const safeName = redactNhsNumbers(name);
      const redacted = redactValue(item);
      changed ||= redacted.changed || safeName !== name;
      members[safeName] = redacted.value;
    }
    return { value: members, changed };
  }
  return { value, changed: false };
}

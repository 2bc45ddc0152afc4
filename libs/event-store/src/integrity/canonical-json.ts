/**
 * The one canonical JSON of the repository: RFC 8785 (JCS) text of a JSON value. Two things
 * hash it, and both must give the same text for the same value for ever:
 *
 * - the hash chain (`canonical-event.ts`): an event's hash, recomputed by `ledger verify` from
 *   what the store read back, years later (docs/integrity.md);
 * - the request hash (`libs/commands`): what an Idempotency-Key is bound to, stored with the
 *   key, so that a retried request with the same body is a replay and any other is refused.
 *
 * The text:
 * - no whitespace between tokens;
 * - the members of every object, at every depth, sorted by key, comparing keys as sequences of
 *   UTF-16 code units (for ASCII keys: byte order, so `Z` < `_` < `a`); arrays keep their order;
 * - strings written as ECMAScript's JSON.stringify writes them (`"` and `\` escaped, control
 *   characters escaped, every other character as itself: `£` stays `£`, `/` is not escaped);
 * - numbers as ECMAScript writes them (the ledger stores only integers: `0`, `365`, `-3`;
 *   money is a decimal string);
 * - `true`, `false` and `null` as those words.
 *
 * **`undefined` means absent.** An object member whose value is `undefined` is left out, as if
 * it were not there, which is what JSON.stringify does and therefore what the store keeps and
 * reads back: a value hashes the same before it is stored and after it is read. So
 * `{ a: 1, b: undefined }` and `{ a: 1 }` have the same text, `{"a":1}`. Anywhere else (an
 * array element, a hole in an array, or the value itself) there is nothing to leave out, and
 * JSON.stringify would write `null` instead, a different value: that `undefined` is refused
 * with a TypeError. No stored hash depends on this rule: the store hashes the parsed JSON it
 * stored, which holds no `undefined`, and request bodies come from JSON.
 *
 * Also refused with a TypeError, rather than hashed as something that would read back
 * differently: numbers that are not finite (JSON.stringify writes `null`), bigints,
 * functions and symbols (as a value or as an object member), and objects with a `toJSON`
 * method, such as a Date (pass its JSON form, `date.toISOString()`, instead).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      // Plain concatenation: appends hash every event, and this is most of the hashing cost.
      if (Array.isArray(value)) {
        let text = '[';
        for (let index = 0; index < value.length; index += 1) {
          const item: unknown = value[index];
          if (item === undefined) {
            throw new TypeError(
              `Array element ${index} is undefined, which JSON would turn into null`,
            );
          }
          text += (index === 0 ? '' : ',') + canonicalJson(item);
        }
        return `${text}]`;
      }
      const object = value as Record<string, unknown>;
      if (typeof object.toJSON === 'function') {
        throw new TypeError(
          'An object with a toJSON method is not a JSON value: pass its JSON form',
        );
      }
      // The default sort compares UTF-16 code units, as RFC 8785 requires.
      const keys = Object.keys(object).sort();
      let text = '{';
      let first = true;
      for (const key of keys) {
        const member = object[key];
        if (member === undefined) continue;
        text += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
        first = false;
      }
      return `${text}}`;
    }
    case 'undefined':
      throw new TypeError('undefined is not a JSON value (only an object member may be undefined)');
    case 'bigint':
    case 'symbol':
    case 'function':
      throw new TypeError(`A ${typeof value} is not a JSON value`);
  }
}

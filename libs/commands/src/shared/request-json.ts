import type { FieldError } from '@ledger/domain';

/**
 * How deep a request's JSON may nest. The deepest command (an allocation's phasing months) is
 * four levels deep; 32 leaves room for any shape the API will take, while refusing bodies built
 * to exhaust the stack of whatever walks them next (validation, the NHS-number scan, hashing).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Field names that reach an object's prototype when a library copies fields one by one
 * (`target[key] = value`). JSON.parse makes them ordinary own fields, which is harmless until
 * something copies them; they are taken out at the parse and refused as unknown fields.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The text is not JSON at all. */
export class MalformedJsonError extends Error {
  readonly code = 'REQUEST.MALFORMED_JSON';
  constructor(reason: string) {
    super(`The body is not valid JSON: ${reason}. Send one JSON object.`);
    this.name = 'MalformedJsonError';
  }
}

/** The JSON nests deeper than {@link MAX_JSON_DEPTH}. */
export class JsonTooDeepError extends Error {
  readonly code = 'REQUEST.TOO_DEEP';
  readonly fieldErrors: FieldError[] = [
    { field: '(body)', message: `nests deeper than ${MAX_JSON_DEPTH} levels` },
  ];
  constructor() {
    super(
      `The body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels; ` +
        'no ledger command is shaped like that.',
    );
    this.name = 'JsonTooDeepError';
  }
}

/** A parsed request: its value, and the prototype-reaching fields that were taken out of it. */
export interface ParsedRequestJson {
  value: unknown;
  /** Paths of the fields taken out, e.g. `__proto__` or `phasing.constructor`. */
  refusedFields: string[];
}

/**
 * Parses a request's JSON text the one way the API and the import both do: the depth is
 * measured on the text before anything is built (so no walk can overflow), and fields that
 * would reach a prototype are removed and listed, to be refused as not fields of the request.
 */
export function parseRequestJson(text: string): ParsedRequestJson {
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw new JsonTooDeepError();
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new MalformedJsonError(error instanceof Error ? error.message : String(error));
  }
  return { value, refusedFields: removePrototypeKeys(value) };
}

/** The deepest nesting of `{` and `[` outside strings: one pass, no parse. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
    }
  }
  return deepest;
}

function removePrototypeKeys(root: unknown): string[] {
  const removed: string[] = [];
  const pending: Array<{ value: unknown; path: string }> = [{ value: root, path: '' }];
  while (pending.length > 0) {
    const { value, path } = pending.pop() as { value: unknown; path: string };
    if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: `${path}[${index}]` }));
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const itemPath = path ? `${path}.${key}` : key;
        if (PROTOTYPE_KEYS.has(key)) {
          delete record[key];
          removed.push(itemPath);
        } else {
          pending.push({ value: record[key], path: itemPath });
        }
      }
    }
  }
  return removed.sort();
}

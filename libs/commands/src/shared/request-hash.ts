import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth and no whitespace, so two requests that mean the
 * same thing hash the same whatever order their fields arrived in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of the command's type and data: what an idempotency key is bound to. */
export function requestHashOf(command: { type: string; data: unknown }): string {
  return createHash('sha256')
    .update(canonicalJson({ type: command.type, data: command.data }))
    .digest('hex');
}

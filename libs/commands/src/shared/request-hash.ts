import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/event-store';

/**
 * SHA-256 (hex) of the command's type and data: what an idempotency key is bound to, stored
 * with the key. The text hashed is the repository's one canonical JSON (`canonicalJson` of
 * `@ledger/event-store`, the one the hash chain uses), so two requests that mean the same
 * thing hash the same whatever order their fields arrived in, and a member left `undefined`
 * is the same as a member left out.
 */
export function requestHashOf(command: { type: string; data: unknown }): string {
  return createHash('sha256')
    .update(canonicalJson({ type: command.type, data: command.data }))
    .digest('hex');
}

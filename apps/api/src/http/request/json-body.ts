import { parseRequestJson } from '@ledger/commands';
import type { FastifyInstance } from 'fastify';

/**
 * The fields that {@link parseRequestJson} took out of a body because they would reach an
 * object's prototype (`__proto__`, `constructor`), keyed by the parsed body. The validation pipe
 * refuses them beside the DTO's own failures, so one answer names every failing field.
 */
const refusedFieldsByBody = new WeakMap<object, string[]>();

export function refusedFieldsOf(body: unknown): string[] {
  return body !== null && typeof body === 'object' ? (refusedFieldsByBody.get(body) ?? []) : [];
}

/** The media types the API reads; anything else is answered 415 before a route runs. */
export const JSON_CONTENT_TYPE = 'application/json';

/**
 * Replaces every body parser with the ledger's own: JSON only (plus what a route adds, such as
 * NDJSON for imports). Fastify's default JSON and text parsers and Nest's urlencoded parser are
 * gone, so a form or a text body is a clear 415, never parsed and acted on.
 */
export function installJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: 'string' }, (_request, text, done) => {
    try {
      const { value, refusedFields } = parseRequestJson(text as string);
      if (refusedFields.length > 0 && value !== null && typeof value === 'object') {
        refusedFieldsByBody.set(value, refusedFields);
      }
      done(null, value);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

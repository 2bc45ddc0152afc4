import { randomUUID } from 'node:crypto';
import {
  IdempotencyKeyReusedError,
  RevisionMismatchError,
  type CommandRequest,
} from '@ledger/commands';
import { flattenValidationErrors, RequestValidationError } from '@ledger/contracts';
import { DomainError, type FieldError } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';

/**
 * What every write form carries besides its own fields: the CSRF token (checked by CsrfGuard),
 * the agreement's revision when the page was built (sent as If-Match) and a key made for this
 * rendering of the form (sent as Idempotency-Key).
 */
export interface WriteFormFields {
  _csrf?: string;
  revision?: string;
  idempotencyKey?: string;
}

/** The hidden fields a freshly rendered form carries: a new key every time it is rendered. */
export function hiddenFields(revision: number) {
  return { revision: String(revision), idempotencyKey: randomUUID() };
}

/** The same rules as the API's If-Match and Idempotency-Key headers. */
const REVISION = /^(0|[1-9]\d{0,14})$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** A form whose hidden fields were tampered with or lost: the page did not make it. */
export class FormFieldsMissingError extends RequestValidationError {
  constructor(field: string) {
    super([{ field, message: 'is missing or is not one this service made' }]);
  }
}

/**
 * The command request a form post makes, exactly as `LedgerRequest` makes one from an API
 * call's headers: the signed-in actor, the request's correlation and causation ids, the form's
 * key as the Idempotency-Key and its revision as If-Match.
 */
export function commandRequestOf(
  request: FastifyRequest,
  actor: Actor,
  fields: WriteFormFields,
): CommandRequest {
  const revision = fields.revision ?? '';
  const key = fields.idempotencyKey ?? '';
  if (!REVISION.test(revision)) throw new FormFieldsMissingError('revision');
  if (!IDEMPOTENCY_KEY.test(key)) throw new FormFieldsMissingError('idempotencyKey');
  return {
    actor,
    correlationId: request.correlationId,
    causationId: request.id,
    idempotencyKey: key,
    expectedRevision: Number(revision),
  };
}

/** "1,234.56" or "1234.56" (whole pounds too); commas only in threes. */
const POUNDS = /^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;

/** The amount as the API takes it ("1234.56"), or null when it is not written as pounds. */
export function readPounds(raw: string | undefined): string | null {
  const text = (raw ?? '').trim();
  return POUNDS.test(text) ? text.replace(/,/g, '') : null;
}

export const POUNDS_MESSAGE = 'must be pounds and pence, such as 1,234.56 or 1234.56';

/** A date input's three boxes, as the browser sends them (`effectiveDate[day]` and so on). */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export function datePartsOf(fields: Record<string, string | undefined>, name: string): DateParts {
  const part = (which: string) => (fields[`${name}[${which}]`] ?? '').trim();
  return { day: part('day'), month: part('month'), year: part('year') };
}

/**
 * The date as the API takes it (YYYY-MM-DD), or null when a box is empty or not digits. Whether
 * it is a real date is the API's own rule (`IsCalendarDate`), so its words name the problem.
 */
export function calendarDateOf({ day, month, year }: DateParts): string | null {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * Validates a body against the API's own DTO, with the API's own options (unknown fields
 * refused), so a field error has the API's words: `{ field: 'amount', message: 'must be …' }`.
 */
export async function validateAsApi(
  dto: new () => object,
  body: Record<string, unknown>,
): Promise<FieldError[]> {
  const errors = await validate(plainToInstance(dto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return flattenValidationErrors(errors);
}

/** A form's fields, each with the words the error summary uses to name it. */
export type FieldLabels = Record<string, string>;

/** "Amount must be …": the field's label, then the API's own words for the problem. */
export function labelled(
  errors: FieldError[],
  labels: FieldLabels,
  fallback: string,
): FieldError[] {
  return errors.map(({ field, message }) => {
    const formField = field in labels ? field : fallback;
    const label = labels[formField] ?? '';
    return { field: formField, message: field in labels ? `${label} ${message}` : message };
  });
}

export const STALE_MESSAGE =
  'This agreement changed since you opened this page: check the figures and submit again';

/** What a refused write shows: the error summary's items, and whether the page was stale. */
export interface Refusal {
  status: number;
  errors: FieldError[];
  stale: boolean;
}

/**
 * A write the ledger refused, as the form shows it: a stale revision (412) as the clear
 * message, the API's own validation or business refusal (its message and code) by the field it
 * concerns. Anything else (no permission, a missing agreement, the store down) is not the
 * form's to explain: it is thrown on to the error pages.
 */
export function refusalOf(
  error: unknown,
  labels: FieldLabels,
  fieldOfCode: (code: string) => string,
): Refusal {
  if (error instanceof RevisionMismatchError) {
    return { status: 412, stale: true, errors: [{ field: 'revision', message: STALE_MESSAGE }] };
  }
  if (error instanceof DomainError) {
    const field = fieldOfCode(error.code);
    const errors =
      error.fieldErrors.length > 0
        ? labelled(error.fieldErrors, labels, field).map((e) => ({
            ...e,
            message: `${e.message} (${error.code})`,
          }))
        : [{ field, message: `${error.message} (${error.code})` }];
    return { status: error.kind === 'conflict' ? 409 : 422, stale: false, errors };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return {
      status: 422,
      stale: false,
      errors: [{ field: fieldOfCode(''), message: error.message }],
    };
  }
  if (error instanceof RequestValidationError && !(error instanceof FormFieldsMissingError)) {
    return {
      status: 400,
      stale: false,
      errors: labelled(error.fieldErrors, labels, fieldOfCode('')),
    };
  }
  throw error;
}

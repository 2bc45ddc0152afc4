import { findNhsNumberFields, type FieldError } from '@ledger/domain';
import {
  AGREEMENT_WRITE_ACTIONS,
  CASE_WRITE_ACTIONS,
  ORGANISATION_WRITE_ACTIONS,
} from '../authorisation/ledger-action';
import type { LedgerCommand } from '../execution/command-request';
import { JsonTooDeepError, MalformedJsonError, parseRequestJson } from '../shared/request-json';

/**
 * Commands a file may carry. A period close is left out: its figures are computed by the
 * ledger from case histories at close time, never supplied by a file.
 */
export const IMPORTABLE_COMMAND_TYPES: readonly LedgerCommand['type'][] = [
  ...AGREEMENT_WRITE_ACTIONS.filter((action) => action !== 'ClosePeriod'),
  ...CASE_WRITE_ACTIONS,
  ...ORGANISATION_WRITE_ACTIONS,
];

/**
 * One line of an NDJSON import file: `{"command": "AllocateBudget", "data": {...}}`, where
 * `data` is the command's data exactly as the domain defines it (ids included, e.g.
 * `agreementId`). Blank lines are skipped but still counted, so line numbers match the file.
 */
export interface ParsedImportLine {
  lineNumber: number;
  command: LedgerCommand;
}

/** A line refused before any rule ran: bad JSON, unknown command, bad fields, NHS number. */
export class ImportLineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ImportLineError';
  }
}

/** Checks a command's data against the same field rules as the HTTP API (its DTOs). */
export type CommandDataValidator = (
  commandType: LedgerCommand['type'],
  data: unknown,
) => FieldError[];

export function parseImportLine(
  text: string,
  lineNumber: number,
  validate: CommandDataValidator,
): ParsedImportLine {
  const { value: raw, refusedFields } = parseJson(text);
  const nhsFields = findNhsNumberFields(raw);
  if (nhsFields.length > 0) {
    // Say where, never what: the value itself must not reach a report or a log.
    throw new ImportLineError(
      'PATIENT.NHS_NUMBER_REFUSED',
      'The line holds a valid NHS number; patients appear only by pseudonym',
      nhsFields.map((field) => ({ field, message: 'holds a valid NHS number' })),
    );
  }
  const { command, data } = shapeOf(raw, refusedFields);
  const fieldErrors = [...notFields(refusedFields, 'data.'), ...validate(command, data)];
  if (fieldErrors.length > 0) {
    throw new ImportLineError('VALIDATION.FAILED', `${command}: invalid fields`, fieldErrors);
  }
  return { lineNumber, command: { type: command, data } as LedgerCommand };
}

/** A line is parsed as a request body is, with the same limits and the same codes. */
function parseJson(text: string): ReturnType<typeof parseRequestJson> {
  try {
    return parseRequestJson(text);
  } catch (error) {
    if (error instanceof JsonTooDeepError) {
      throw new ImportLineError(error.code, error.message, error.fieldErrors);
    }
    if (error instanceof MalformedJsonError) {
      throw new ImportLineError('IMPORT.MALFORMED_LINE', 'The line is not valid JSON');
    }
    throw error;
  }
}

/** Prototype-reaching names taken out at the parse, refused like any unknown field. */
function notFields(refusedFields: string[], prefix: string): FieldError[] {
  return refusedFields
    .filter((field) => field.startsWith(prefix))
    .map((field) => ({ field, message: 'is not a field of this request' }));
}

function shapeOf(
  raw: unknown,
  refusedFields: string[],
): { command: LedgerCommand['type']; data: Record<string, unknown> } {
  const errors: FieldError[] = refusedFields
    .filter((field) => !field.startsWith('data.'))
    .map((field) => ({ field, message: 'is not allowed' }));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ImportLineError('IMPORT.MALFORMED_LINE', 'The line must be a JSON object');
  }
  const line = raw as Record<string, unknown>;
  for (const key of Object.keys(line)) {
    if (key !== 'command' && key !== 'data') errors.push({ field: key, message: 'is not allowed' });
  }
  const command = line.command;
  if (typeof command !== 'string' || !isLedgerCommandType(command)) {
    errors.push({
      field: 'command',
      message: `must be one of ${IMPORTABLE_COMMAND_TYPES.join(', ')}`,
    });
  }
  const data = line.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    errors.push({ field: 'data', message: 'must be an object' });
  }
  if (errors.length > 0) {
    throw new ImportLineError('VALIDATION.FAILED', 'The line is not a ledger command', errors);
  }
  return { command: command as LedgerCommand['type'], data: data as Record<string, unknown> };
}

function isLedgerCommandType(value: string): value is LedgerCommand['type'] {
  return (IMPORTABLE_COMMAND_TYPES as readonly string[]).includes(value);
}

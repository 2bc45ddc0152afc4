import type { ImportLineResult, ImportReport } from '@ledger/commands';
import { ImportLineError } from '@ledger/commands';
import { problemAnswerFor } from '../problems/problem-mapping';
import type { ProblemFieldError } from '../problems/problem-document';

/** One line of the report as callers see it: a failure carries the same code as over HTTP. */
export interface ImportLineView {
  line: number;
  status: ImportLineResult['status'];
  command?: string;
  streamId?: string;
  revision?: number;
  position?: number;
  /** True when an earlier import with the same Idempotency-Key had already written the line. */
  replayed?: boolean;
  error?: {
    status: number;
    code: string;
    detail: string;
    retryable: boolean;
    errors?: ProblemFieldError[];
  };
}

export interface ImportReportView {
  mode: ImportReport['mode'];
  lines: number;
  applied: number;
  failed: number;
  /** True when this import wrote anything new (lines replayed from an earlier import do not count). */
  written: boolean;
  results: ImportLineView[];
}

export function importReportView(report: ImportReport): ImportReportView {
  return {
    mode: report.mode,
    lines: report.lines,
    applied: report.applied,
    failed: report.failed,
    written: report.results.some((r) => r.status === 'applied' && !r.replayed),
    results: report.results.map(lineView),
  };
}

function lineView(result: ImportLineResult): ImportLineView {
  const view: ImportLineView = {
    line: result.lineNumber,
    status: result.status,
    command: result.commandType,
    streamId: result.streamId,
    revision: result.revision,
    position: result.position,
    replayed: result.replayed,
  };
  if (result.status === 'failed') view.error = failureOf(result.error);
  return view;
}

function failureOf(error: unknown): NonNullable<ImportLineView['error']> {
  if (error instanceof ImportLineError) {
    // The status the same body would earn over HTTP: an NHS number is refused (422); a line
    // that is not JSON, too deep, or breaks a field rule is malformed or invalid (400).
    const status = error.code === 'PATIENT.NHS_NUMBER_REFUSED' ? 422 : 400;
    return withErrors(
      { status, code: error.code, detail: error.message, retryable: false },
      error.fieldErrors,
    );
  }
  const { status, code, detail, retryable, errors } = problemAnswerFor(error);
  return withErrors({ status, code, detail, retryable }, errors);
}

function withErrors(
  failure: NonNullable<ImportLineView['error']>,
  errors: ProblemFieldError[] | undefined,
): NonNullable<ImportLineView['error']> {
  return errors && errors.length > 0 ? { ...failure, errors } : failure;
}

/** A failure in a few words, for the CLI: `line 5: VALIDATION.FAILED data.amount must …`. */
export function describeFailure(line: ImportLineView): string {
  const error = line.error;
  if (!error) return `line ${line.line}: ${line.status}`;
  const fields = (error.errors ?? []).map((f) => `${f.field} ${f.message}`).join('; ');
  return `line ${line.line}: ${error.code} ${fields || error.detail}`;
}

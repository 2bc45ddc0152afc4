/** A field that failed, with its dotted path; `code` when the field has its own stable code. */
export interface ProblemFieldError {
  field: string;
  message: string;
  code?: string;
}

/** RFC 9457 problem details, with the ledger's stable `code` and optional field errors. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  /** Whether sending the same request again, unchanged, could succeed later. */
  retryable: boolean;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

/** What an error means over HTTP, before it is tied to one request. */
export interface ProblemAnswer {
  status: number;
  code: string;
  detail: string;
  retryable: boolean;
  errors?: ProblemFieldError[];
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const TITLES: Record<number, string> = {
  400: 'The request is malformed or invalid',
  401: 'Authentication is required',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflicts with what the ledger has recorded',
  412: 'The ledger has moved on since the revision you named',
  413: 'The request is too large',
  408: 'The request took too long to arrive',
  415: 'Unsupported media type',
  431: 'The request headers are too large',
  422: 'The ledger refused the request',
  500: 'Internal error',
  503: 'The ledger store is unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * At most this many field errors are listed: a body of 22,000 unknown fields must not earn an
 * answer many times its own size. `errorsOmitted` says how many more there were.
 */
export const MAX_LISTED_ERRORS = 100;

export function problemDocument(answer: ProblemAnswer, instance: string): ProblemDocument {
  return {
    // Extensions first, so they can never overwrite a standard member.
    ...answer.details,
    type: `urn:oap-ledger:problem:${answer.code}`,
    title: TITLES[answer.status] ?? 'Request failed',
    status: answer.status,
    detail: answer.detail,
    instance,
    code: answer.code,
    retryable: answer.retryable,
    ...listedErrors(answer.errors ?? []),
  };
}

function listedErrors(errors: ProblemFieldError[]): Partial<ProblemDocument> {
  if (errors.length === 0) return {};
  if (errors.length <= MAX_LISTED_ERRORS) return { errors };
  return {
    errors: errors.slice(0, MAX_LISTED_ERRORS),
    errorsOmitted: errors.length - MAX_LISTED_ERRORS,
  };
}

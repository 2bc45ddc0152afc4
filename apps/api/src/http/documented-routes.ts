import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { WriteReceipt } from './write-receipt';

const PROBLEM = 'RFC 9457 problem document (application/problem+json) with a stable `code`';

const WRITE_REFUSALS: [number, string][] = [
  [400, `Malformed input, listing every failing field. ${PROBLEM}`],
  [401, 'No bearer token, or one that does not verify'],
  [
    403,
    'The role may not do this (AUTH.FORBIDDEN_ROLE) or the agreement is not yours (AUTH.OUT_OF_SCOPE)',
  ],
  [404, 'The agreement or case has never been recorded'],
  [409, 'It already exists, or the state forbids it'],
  [412, 'If-Match named a revision that is no longer current (CONCURRENCY.REVISION_MISMATCH)'],
  [422, 'A business rule, an NHS number, or an Idempotency-Key reused for another request'],
  [503, 'The event store is unavailable; nothing was written. Retry-After says when to retry'],
];

/** The OpenAPI description shared by every command endpoint: headers, receipt and refusals. */
export const DocumentedWrite = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The stream revision you decided on, as the ETag gave it, e.g. "3"',
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Send the same key again to get the original answer without writing twice',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Ties the events of one business operation together; echoed back',
    }),
    ApiCreatedResponse({
      type: WriteReceipt,
      description: 'Recorded. ETag carries the new revision, Location the agreement or case',
    }),
    ...WRITE_REFUSALS.map(([status, description]) => ApiResponse({ status, description })),
  );

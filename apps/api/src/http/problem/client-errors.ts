import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, problemDocument, type ProblemAnswer } from '@ledger/contracts';

/**
 * Errors Node's HTTP parser raises before a request exists (headers too large, a request that
 * never finishes arriving, bytes that are not HTTP). Fastify would answer them with its own
 * `{"error":…,"statusCode":…}`; the ledger answers every error as an RFC 9457 problem document,
 * these included. The URL is not known (or not trusted) here, so the instance is `/`.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = clientErrorAnswer(error.code);
  const body = JSON.stringify(problemDocument(answer, '/'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function clientErrorAnswer(code: string | undefined): ProblemAnswer {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'REQUEST.HEADERS_TOO_LARGE',
      detail:
        'The request line and headers are larger than the server accepts (16 KiB). ' +
        'Send fewer or shorter query parameters or headers.',
      retryable: false,
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      code: 'REQUEST.TIMEOUT',
      detail: 'The request did not arrive in time; nothing was read. Send it again.',
      retryable: true,
    };
  }
  return {
    status: 400,
    code: 'REQUEST.MALFORMED',
    detail: 'The request is not well-formed HTTP.',
    retryable: false,
  };
}

/**
 * The API's logs (issue "Operability"): the real API on a real SQLite file, its log lines
 * captured. Each request writes exactly one JSON line with its method, route pattern, status,
 * time taken, correlation and request ids and the caller; no body, no query string, no header,
 * and no NHS number, whether it came in the path or in the body. Nest's own Logger calls and
 * the problem filter's errors are JSON lines on the same logger.
 */
import { connect, type AddressInfo } from 'node:net';
import { containsNhsNumber } from '@ledger/domain';
import {
  captureLogLines,
  type LogRecord,
} from '@ledger/telemetry/logging/testing/capture-log-lines';
import type { LightMyRequestResponse } from 'fastify';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';

const NHS = f.NHS_NUMBER;

/** The request lines: the ones installRequestLog writes, with a status and a duration. */
const requestLines = (records: LogRecord[]) =>
  records.filter((record) => 'status' in record && 'durationMs' in record);

/** onResponse runs as the answer is sent; the line may come a tick after inject resolves. */
async function until(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !check(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function linesOf(records: LogRecord[], response: LightMyRequestResponse): LogRecord[] {
  return records.filter((record) => record.requestId === response.headers['x-request-id']);
}

describe('API request logs', () => {
  let ledger: LedgerTestApp;
  let capture: ReturnType<typeof captureLogLines>;

  beforeEach(async () => {
    capture = captureLogLines();
    ledger = await LedgerTestApp.start({ logDestination: capture.destination });
  });
  afterEach(() => ledger.dispose());

  it('writes one JSON line per request, with its route, status, time, ids and caller, and no body or NHS number', async () => {
    const before = requestLines(capture.records()).length;
    const written = await ledger.post(f.paths.agreements, f.commissioner, f.agreementBody(), {
      'x-correlation-id': 'corr-write-1',
    });
    expect(written.statusCode).toBe(201);
    // An NHS number in the path and in the body, with a query string: refused, nothing written.
    const refused = await ledger.post(
      `${f.paths.allocations(`agreement-${NHS}`)}?note=query-${NHS}`,
      f.commissioner,
      f.allocationBody({ allocationId: `alloc-${NHS}`, note: `patient 943 476 5919` }),
      { 'x-correlation-id': 'corr-refused-1' },
    );
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    // No token: refused before the caller is known.
    const anonymous = await ledger.get(f.paths.agreement());
    expect(anonymous.statusCode).toBe(401);
    await until(() => requestLines(capture.records()).length >= before + 3);

    // Every line parses as JSON (records() throws, quoting a line that does not).
    const records = capture.records();
    expect(requestLines(records)).toHaveLength(before + 3);

    const [writeLine] = linesOf(requestLines(records), written);
    expect(linesOf(requestLines(records), written)).toHaveLength(1);
    expect(writeLine).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'api',
      requestId: written.headers['x-request-id'],
      method: 'POST',
      route: '/v1/agreements',
      status: 201,
      durationMs: expect.any(Number),
      correlationId: 'corr-write-1',
      subject: f.commissioner.subject,
      role: f.commissioner.role,
      organisation: f.commissioner.organisationCode,
      msg: 'POST /v1/agreements 201',
    });
    expect(writeLine.durationMs).toBeGreaterThan(0);

    expect(linesOf(requestLines(records), refused)).toHaveLength(1);
    const [refusedLine] = linesOf(requestLines(records), refused);
    expect(refusedLine).toMatchObject({
      level: 'info',
      service: 'api',
      requestId: refused.headers['x-request-id'],
      method: 'POST',
      route: '/v1/agreements/:agreementId/allocations',
      status: refused.statusCode,
      correlationId: 'corr-refused-1',
    });

    expect(linesOf(requestLines(records), anonymous)).toHaveLength(1);
    const [anonymousLine] = linesOf(requestLines(records), anonymous);
    expect(anonymousLine).toMatchObject({
      method: 'GET',
      route: '/v1/agreements/:agreementId',
      status: 401,
      correlationId: anonymous.headers['x-correlation-id'],
    });
    expect(anonymousLine).not.toHaveProperty('subject');

    // Nothing of the bodies, the query string or the headers; no NHS number in any form.
    const text = capture.text();
    for (const fragment of [
      'slp-adult-secure-2025-26', // in the first body and path, and the refused path
      'commissionerCode',
      'adult-medium-secure',
      '65000000.00',
      'query-',
      'note',
      'Bearer',
      'authorization',
      'alloc-',
      NHS,
    ]) {
      expect(text).not.toContain(fragment);
    }
    for (const line of capture.lines()) expect(containsNhsNumber(line)).toBe(false);
    expect(text).not.toMatch(/943\D{0,3}476\D{0,3}5919/);
  });

  it("writes Nest's Logger calls and the problem filter's errors as JSON lines on the same logger", async () => {
    await ledger.store.close();
    const ready = await ledger.get('/ready');
    expect(ready.statusCode).toBe(503);
    const failed = await ledger.post(f.paths.agreements, f.commissioner, f.agreementBody(), {
      'x-correlation-id': 'corr-failed-1',
    });
    expect(failed.statusCode).toBeGreaterThanOrEqual(500);
    await until(() => linesOf(requestLines(capture.records()), failed).length === 1);

    const records = capture.records();
    // The readiness warning, from `new Logger('Readiness')`, routed through pino.
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        service: 'api',
        context: 'Readiness',
        msg: expect.stringContaining('not ready: the event store did not answer'),
      }),
    );
    // The failure: its problem line and its request line, both with the request's id.
    const lines = linesOf(records, failed);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'error',
      context: 'Problems',
      method: 'POST',
      route: '/v1/agreements',
      code: expect.any(String),
      err: { type: expect.any(String), message: expect.any(String), stack: expect.any(String) },
    });
    expect(lines[1]).toMatchObject({
      level: 'error',
      route: '/v1/agreements',
      status: failed.statusCode,
    });
    expect(lines[1].correlationId).toBe('corr-failed-1');
  });

  it('writes one line for a request the caller gave up on, and one for bytes that are not HTTP', async () => {
    await ledger.app.listen(0, '127.0.0.1');
    const { port } = ledger.app.getHttpServer().address() as AddressInfo;
    const token = await ledger.token(f.commissioner);
    // Half a body, then the caller hangs up.
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST ${f.paths.allocations()} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
            `Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"note":"${NHS}"`,
        );
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on('close', () => resolve());
    });
    // Not HTTP at all, with an NHS number in it.
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(`HELLO ${NHS}\r\n\r\n`));
      socket.on('data', () => undefined);
      socket.on('close', () => resolve());
    });
    await until(
      () =>
        capture.records().some((record) => record.aborted === true) &&
        capture.records().some((record) => record.msg?.startsWith('client error') === true),
    );
    const records = capture.records();
    const aborted = records.filter((record) => record.aborted === true);
    expect(aborted).toHaveLength(1);
    expect(aborted[0]).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/v1/agreements/:agreementId/allocations',
      status: null,
      durationMs: null,
      requestId: expect.any(String),
    });
    // One request line (the body's read failing may add a problem line, not a second request line).
    expect(
      requestLines(records).filter((record) => record.requestId === aborted[0].requestId),
    ).toHaveLength(1);
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 'info',
        code: 'HPE_INVALID_METHOD',
        msg: 'client error HPE_INVALID_METHOD',
      }),
    );
    for (const line of capture.lines()) expect(containsNhsNumber(line)).toBe(false);
    expect(capture.text()).not.toContain('Bearer');
  });
});

/**
 * The one logger factory: JSON lines with service, time and level by name, and no valid NHS
 * number in any line, wherever it was hidden; credentials replaced; other text untouched.
 */
import { containsNhsNumber, isValidNhsNumber, NHS_NUMBER_REMOVED } from '@ledger/domain';
import { createLogger, NestPinoLogger, redactLogLine, SECRET_REMOVED } from './index';
import { captureLogLines, type LogRecord } from './testing/capture-log-lines';

const NHS = '9434765919';

/** Every string, member name and number of a parsed line, for a search. */
function everyText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(everyText);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([name, item]) => [name, ...everyText(item)]);
  }
  return [];
}

function expectNoNhsNumber(lines: readonly string[]): void {
  for (const line of lines) {
    expect(containsNhsNumber(line)).toBe(false);
    const parsed = JSON.parse(line) as unknown;
    for (const text of everyText(parsed)) expect(containsNhsNumber(text)).toBe(false);
  }
}

function capturedLogger(level: 'info' | 'warn' | 'silent' | 'trace' = 'info') {
  const capture = captureLogLines();
  return {
    capture,
    logger: createLogger({ service: 'test', level, destination: capture.destination }),
  };
}

describe('createLogger', () => {
  it('writes one JSON object a line, with service, ISO time and the level by name', () => {
    const { capture, logger } = capturedLogger();
    logger.info({ agreementId: 'slp-1', position: 42 }, 'allocated');
    logger.warn('late');
    const [first, second] = capture.records();
    expect(capture.lines().every((line) => line.endsWith('}\n'))).toBe(true);
    expect(first).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'test',
      agreementId: 'slp-1',
      position: 42,
      msg: 'allocated',
    });
    expect(second).toMatchObject({ level: 'warn', service: 'test', msg: 'late' });
  });

  it('writes nothing below its level, and nothing at all when silent', () => {
    const warn = capturedLogger('warn');
    warn.logger.info('not written');
    warn.logger.error('written');
    expect(warn.capture.records().map((record) => record.msg)).toEqual(['written']);
    const silent = capturedLogger('silent');
    silent.logger.fatal('not even this');
    expect(silent.capture.lines()).toEqual([]);
  });

  describe('NHS numbers', () => {
    it('are valid NHS numbers in every form the test uses', () => {
      expect(isValidNhsNumber(NHS)).toBe(true);
    });

    it('leave the process in no line, wherever they were hidden', () => {
      const { capture, logger } = capturedLogger('trace');
      const fullWidth = '９４３４７６５９１９';
      const arabicIndic = '٩٤٣٤٧٦٥٩١٩';
      // The message, plain and interpolated.
      logger.info(`patient ${NHS} seen`);
      logger.info('patient %s seen', NHS);
      // A field's value, in every way one may be written.
      logger.info({ note: `spaced 943 476 5919 here` }, 'spaced');
      logger.info({ note: '943-476-5919' }, 'dashed');
      logger.info({ note: `full-width ${fullWidth}` }, 'full-width');
      logger.info({ note: arabicIndic }, 'arabic-indic');
      logger.info({ note: '943\u00a0476\u00a05919' }, 'no-break spaces');
      logger.info({ note: '943\u200b476\u200b5919' }, 'zero-width spaces');
      logger.info({ note: '943\t476\t5919' }, 'tabs, escaped in JSON');
      logger.info({ note: '943\n476\n5919' }, 'newlines, escaped in JSON');
      logger.info({ note: `"quoted" \\ ${NHS}` }, 'beside escapes');
      // A JSON number.
      logger.info({ nhsNumber: 9434765919 }, 'a JSON number');
      logger.info({ list: [1, 9434765919, 2] }, 'a JSON number in an array');
      // A field's name.
      logger.info({ [NHS]: 'x', [`case-${NHS}`]: 'y' }, 'field names');
      // Nested fields.
      logger.info({ a: { b: [{ c: { d: `deep ${NHS}` } }] } }, 'nested');
      logger.info({ a: { [NHS]: { b: 1 } } }, 'nested name');
      // The message of a child logger's bindings.
      logger.child({ patient: NHS }).info('child');
      // An error: its message and its stack.
      logger.error(new Error(`no case for ${NHS}`));
      const withStack = new Error('failed');
      withStack.stack = `Error: failed\n    at load (/srv/cases/${NHS}.ts:1:1)`;
      logger.error({ err: withStack }, 'stack');
      logger.error({ err: new Error('outer', { cause: new Error(`inner ${NHS}`) }) }, 'cause');
      // Through Nest's logger.
      new NestPinoLogger(logger).error(`nest ${NHS}`, `Error: x\n    at ${NHS}`, 'Problems');
      new NestPinoLogger(logger).warn({ value: NHS }, 'Readiness');

      const lines = capture.lines();
      expect(lines).toHaveLength(22);
      expect(capture.text()).not.toContain(NHS);
      expect(capture.text()).not.toContain(fullWidth);
      expectNoNhsNumber(lines);
      // Every line is still JSON, and says where a number was.
      const records = capture.records();
      expect(records[0].msg).toBe(`patient ${NHS_NUMBER_REMOVED} seen`);
      expect(records[1].msg).toBe(`patient ${NHS_NUMBER_REMOVED} seen`);
      expect(records[2].note).toBe(`spaced ${NHS_NUMBER_REMOVED} here`);
      expect(records[4].note).toBe(`full-width ${NHS_NUMBER_REMOVED}`);
      expect(records[8].note).toBe(NHS_NUMBER_REMOVED);
      expect(records[10].note).toBe(`"quoted" \\ ${NHS_NUMBER_REMOVED}`);
      expect(records[11].nhsNumber).toBe(NHS_NUMBER_REMOVED);
      expect(records[12].list).toEqual([1, NHS_NUMBER_REMOVED, 2]);
      expect(records[13]).toMatchObject({
        [NHS_NUMBER_REMOVED]: 'x',
        [`case-${NHS_NUMBER_REMOVED}`]: 'y',
      });
      expect(records[14].a).toEqual({ b: [{ c: { d: `deep ${NHS_NUMBER_REMOVED}` } }] });
      expect(records[16]).toMatchObject({ patient: NHS_NUMBER_REMOVED, msg: 'child' });
      expect(records[17]).toMatchObject({
        level: 'error',
        msg: `no case for ${NHS_NUMBER_REMOVED}`,
        err: {
          type: 'Error',
          message: `no case for ${NHS_NUMBER_REMOVED}`,
          stack: expect.stringContaining(`Error: no case for ${NHS_NUMBER_REMOVED}\n    at `),
        },
      });
      expect((records[18].err as { stack: string }).stack).toBe(
        `Error: failed\n    at load (/srv/cases/${NHS_NUMBER_REMOVED}.ts:1:1)`,
      );
      expect(records[19].err).toMatchObject({
        message: 'outer',
        cause: { message: `inner ${NHS_NUMBER_REMOVED}` },
      });
      expect(records[20]).toMatchObject({
        level: 'error',
        context: 'Problems',
        msg: `nest ${NHS_NUMBER_REMOVED}`,
        stack: `Error: x\n    at ${NHS_NUMBER_REMOVED}`,
      });
      expect(records[21]).toMatchObject({
        context: 'Readiness',
        detail: { value: NHS_NUMBER_REMOVED },
      });
    });

    it('leave every other text, number and line as it was', () => {
      const { capture, logger } = capturedLogger();
      const fields = {
        amount: '65000000.00',
        pounds: '9434765919.00',
        longer: '19434765919',
        invalid: '9434765918',
        position: 1234567,
        ratio: 0.9434765919,
        time: '2025-10-15T10:00:00.000Z',
        route: '/v1/agreements/:agreementId/allocations',
        text: 'tab\there "quoted" back\\slash',
      };
      logger.info(fields, 'nothing to remove: 9434765918');
      logger.info({ note: `one ${NHS}`, keep: 'the rest', n: 7 }, 'partly');
      const [first, second] = capture.records();
      expect(first).toMatchObject({ ...fields, msg: 'nothing to remove: 9434765918' });
      expect(second).toMatchObject({
        note: `one ${NHS_NUMBER_REMOVED}`,
        keep: 'the rest',
        n: 7,
        msg: 'partly',
      });
      // A line without a number is passed on byte for byte.
      const line = capture.lines()[0];
      expect(redactLogLine(line)).toBe(line);
    });

    it('redacts a line that is not JSON as plain text', () => {
      expect(redactLogLine(`plain ${NHS} text\n`)).toBe(`plain ${NHS_NUMBER_REMOVED} text\n`);
      expect(redactLogLine('plain\\ text\n')).toBe('plain\\ text\n');
    });

    it('are removed before pretty-printing too', () => {
      const capture = captureLogLines();
      const logger = createLogger({
        service: 'test',
        destination: capture.destination,
        pretty: true,
      });
      logger.info({ note: '943\t476\t5919' }, `patient ${NHS}`);
      const text = capture.text();
      expect(text).toContain(`[test] patient ${NHS_NUMBER_REMOVED}`);
      expect(text).toContain('INFO');
      expect(containsNhsNumber(text)).toBe(false);
      expect(() => JSON.parse(text) as unknown).toThrow();
    });
  });

  it('replaces credentials, wherever a caller puts them', () => {
    const { capture, logger } = capturedLogger();
    logger.info(
      {
        authorization: 'Bearer top',
        headers: { authorization: 'Bearer a', cookie: 'c=1', 'set-cookie': 's=1', accept: '*/*' },
        req: { headers: { authorization: 'Bearer b' } },
        token: 'tok',
        options: { password: 'pw', jwtSecret: 'js', token: 't2' },
      },
      'secrets',
    );
    const [record] = capture.records();
    expect(record).toMatchObject({
      authorization: SECRET_REMOVED,
      headers: {
        authorization: SECRET_REMOVED,
        cookie: SECRET_REMOVED,
        'set-cookie': SECRET_REMOVED,
        accept: '*/*',
      },
      req: { headers: { authorization: SECRET_REMOVED } },
      token: SECRET_REMOVED,
      options: { password: SECRET_REMOVED, jwtSecret: SECRET_REMOVED, token: SECRET_REMOVED },
    });
    expect(capture.text()).not.toMatch(/Bearer|tok"|"pw"|"js"/);
  });

  it('logs an error as its type, message, stack and code, not what a library hung on it', () => {
    const { capture, logger } = capturedLogger();
    const error = Object.assign(new Error('refused'), {
      code: 'ECONNREFUSED',
      response: { body: 'row data' },
    });
    logger.error({ err: error }, 'store down');
    const [record] = capture.records() as [LogRecord & { err: Record<string, unknown> }];
    expect(Object.keys(record.err).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(record.err).toMatchObject({ type: 'Error', message: 'refused', code: 'ECONNREFUSED' });
  });
});

describe('NestPinoLogger', () => {
  it("writes Nest's Logger calls as JSON lines with their context, framework chatter at debug", () => {
    const { capture, logger } = capturedLogger('trace');
    const nest = new NestPinoLogger(logger);
    nest.log('Mapped {/v1/agreements, POST} route', 'RouterExplorer');
    nest.log('projection caught up', 'ReadModel');
    nest.warn('not ready: the read model did not answer', 'Readiness');
    nest.error('failed', undefined, 'Problems');
    nest.error('failed', 'Error: boom\n    at x (y.ts:1:1)');
    nest.error(new Error('thrown'), undefined, 'ExceptionsHandler');
    nest.verbose?.('verbose');
    nest.fatal?.('fatal', 'Boot');
    expect(
      capture.records().map(({ level, context, msg, stack }) => ({ level, context, msg, stack })),
    ).toEqual([
      { level: 'debug', context: 'RouterExplorer', msg: 'Mapped {/v1/agreements, POST} route' },
      { level: 'info', context: 'ReadModel', msg: 'projection caught up' },
      { level: 'warn', context: 'Readiness', msg: 'not ready: the read model did not answer' },
      { level: 'error', context: 'Problems', msg: 'failed' },
      { level: 'error', msg: 'failed', stack: 'Error: boom\n    at x (y.ts:1:1)' },
      { level: 'error', context: 'ExceptionsHandler', msg: 'thrown' },
      { level: 'trace', msg: 'verbose' },
      { level: 'fatal', context: 'Boot', msg: 'fatal' },
    ]);
  });
});

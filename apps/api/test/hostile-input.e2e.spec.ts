/**
 * The hostile inputs that reached a 5xx, were accepted, or echoed an NHS number (issue
 * "Hardening", defects 1 to 14), each replayed against the real API on a real SQLite file.
 * Every test failed before its fix. Each refusal is checked for its status, its stable code,
 * the field it names, that nothing was written (the log's head is unchanged), and that the
 * number never comes back in the body or a header.
 */
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import * as f from './testing/ledger-fixtures';
import { given } from './testing/ledger-givens';
import { LedgerTestApp, type Caller } from './testing/ledger-test-app';

const NHS = f.NHS_NUMBER;
const JSON_TYPE = { 'content-type': 'application/json' };

interface Answer {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

function expectNoNumber(answer: Answer): void {
  const everything = answer.body + JSON.stringify(answer.headers);
  expect(everything).not.toContain(NHS);
  expect(everything).not.toMatch(/943\D{0,3}476\D{0,3}5919/);
}

const problemOf = (answer: Answer) =>
  JSON.parse(answer.body) as {
    code: string;
    status: number;
    detail: string;
    errors?: { field: string; message: string }[];
    errorsOmitted?: number;
  };
/** The first line's refusal in an import's report. */
const lineErrorOf = (answer: Answer) =>
  (
    JSON.parse(answer.body) as {
      results: { error: { code: string; errors: { field: string }[] } }[];
    }
  ).results[0].error;
const fieldsOf = (answer: Answer) => (problemOf(answer).errors ?? []).map((e) => e.field);

describe('hostile input: refused with a clear 4xx, nothing written, no NHS number echoed', () => {
  let ledger: LedgerTestApp;
  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
  });
  afterEach(() => ledger.dispose());

  const raw = async (
    method: string,
    url: string,
    as: Caller | null,
    payload?: string,
    headers: Record<string, string> = {},
  ): Promise<Answer> =>
    ledger.app.inject({
      method: method as 'POST',
      url,
      headers: { ...(as ? { authorization: `Bearer ${await ledger.token(as)}` } : {}), ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

  /**
   * Sends a request and proves that it wrote nothing and echoed no number. An import answers
   * with its line-by-line report (application/json) rather than a problem document.
   */
  const refused = async (send: () => Promise<Answer>): Promise<Answer> => {
    const before = await ledger.head();
    const answer = await send();
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer.statusCode).toBeLessThan(500);
    expect(answer.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
    expect(await ledger.head()).toBe(before);
    expectNoNumber(answer);
    return answer;
  };

  const importLines = async (as: Caller, ...lines: unknown[]) =>
    raw(
      'POST',
      '/v1/imports?mode=all-or-nothing',
      as,
      lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'),
      { 'content-type': 'application/x-ndjson' },
    );

  it('1. an NHS number used as a field name, at the top or nested, is refused and not echoed', async () => {
    await given.agreement(ledger);
    const top = await refused(() =>
      raw(
        'POST',
        f.paths.cases,
        f.leadCaseManager,
        JSON.stringify({ ...f.referralBody(), [NHS]: 'x' }),
        JSON_TYPE,
      ),
    );
    expect(top.statusCode).toBe(422);
    expect(problemOf(top).code).toBe('PATIENT.NHS_NUMBER_REFUSED');
    expect(fieldsOf(top)).toEqual(['[NHS number removed]']);
    const nested = await refused(() =>
      raw(
        'POST',
        f.paths.allocations(),
        f.commissioner,
        JSON.stringify({ ...f.allocationBody(), phasing: { kind: 'even', ['943 476 5919']: 1 } }),
        JSON_TYPE,
      ),
    );
    expect(fieldsOf(nested)).toEqual(['phasing.[NHS number removed]']);
  });

  it('1. an NHS number as a query parameter name on a read is refused and not echoed', async () => {
    const answer = await refused(() => raw('GET', `/v1/events?${NHS}=1`, f.reviewer));
    expect(answer.statusCode).toBe(422);
    expect(fieldsOf(answer)).toEqual(['query.[NHS number removed]']);
  });

  it('1. an NHS number as a key inside an import line, or beside command and data, is refused', async () => {
    await given.agreement(ledger);
    const inData = await refused(() =>
      importLines(f.leadCaseManager, {
        command: 'RegisterReferral',
        data: { ...f.referralBody(), [NHS]: 'x' },
      }),
    );
    const beside = await refused(() =>
      importLines(f.leadCaseManager, {
        command: 'RegisterReferral',
        data: f.referralBody(),
        [NHS]: 1,
      }),
    );
    for (const answer of [inData, beside]) {
      expect(lineErrorOf(answer).code).toBe('PATIENT.NHS_NUMBER_REFUSED');
    }
  });

  it('2. a body sent without Content-Type is 415 with what to do, and is never read or echoed', async () => {
    await given.agreement(ledger);
    const answer = await refused(() =>
      raw(
        'POST',
        f.paths.cases,
        f.leadCaseManager,
        JSON.stringify({ ...f.referralBody(), patientRef: NHS }),
      ),
    );
    expect(answer.statusCode).toBe(415);
    expect(problemOf(answer).code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(problemOf(answer).detail).toMatch(/Content-Type: application\/json/);
  });

  it.each([
    ['a no-break space', 'patient 943\u00a0476\u00a05919 moved'],
    ['a narrow no-break space', 'patient 943\u202f476\u202f5919 moved'],
    ['a tab', 'patient 943\t476\t5919 moved'],
    ['two spaces', 'patient 943  476  5919 moved'],
    ['an en dash', 'patient 943\u2013476\u20135919 moved'],
    ['dots', 'patient 943.476.5919 moved'],
    [
      'full-width digits',
      'patient \uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19 moved',
    ],
  ])('3. an NHS number written with %s is refused', async (_how, reason) => {
    await given.referral(ledger);
    await ledger.post(f.paths.placements(), f.leadCaseManager, f.outOfAreaPlacementBody());
    const answer = await refused(() =>
      ledger.post(f.paths.endPlacement(), f.leadCaseManager, f.endPlacementBody({ reason })),
    );
    expect(problemOf(answer).code).toBe('PATIENT.NHS_NUMBER_REFUSED');
    expect(fieldsOf(answer)).toEqual(['reason']);
    expect(answer.body).not.toContain('\uff19\uff14\uff13');
  });

  it('4. a write refuses an NHS number in its query, and any query parameter it does not take', async () => {
    await given.agreement(ledger);
    const body = JSON.stringify(f.referralBody());
    const number = await refused(() =>
      raw('POST', `${f.paths.cases}?note=${NHS}`, f.leadCaseManager, body, JSON_TYPE),
    );
    expect(problemOf(number).code).toBe('PATIENT.NHS_NUMBER_REFUSED');
    expect(fieldsOf(number)).toEqual(['query.note']);
    const unknown = await refused(() =>
      raw('POST', `${f.paths.cases}?dryRun=1`, f.leadCaseManager, body, JSON_TYPE),
    );
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown).code).toBe('VALIDATION.FAILED');
    expect(fieldsOf(unknown)).toEqual(['query.dryRun']);
  });

  it('5. an import line with an NHS number as a JSON number gets the code HTTP gives', async () => {
    await given.referral(ledger);
    const placement = { caseId: f.CASE_ID, ...f.outOfAreaPlacementBody({ dailyRate: 9434765919 }) };
    const overHttp = await refused(() =>
      raw(
        'POST',
        f.paths.placements(),
        f.leadCaseManager,
        JSON.stringify(f.outOfAreaPlacementBody({ dailyRate: 9434765919 })),
        JSON_TYPE,
      ),
    );
    const inFile = await refused(() =>
      importLines(f.leadCaseManager, { command: 'StartPlacement', data: placement }),
    );
    const line = lineErrorOf(inFile);
    expect(problemOf(overHttp).code).toBe('PATIENT.NHS_NUMBER_REFUSED');
    expect(line.code).toBe('PATIENT.NHS_NUMBER_REFUSED');
    expect(line.errors.map((e) => e.field)).toEqual(['data.dailyRate']);
  });

  it('6. JSON nested 1,500 deep is a 400, on a write, on dev tokens and in an import line', async () => {
    await given.agreement(ledger);
    const deep = `${'['.repeat(1500)}"x"${']'.repeat(1500)}`;
    const write = await refused(() =>
      raw('POST', f.paths.cases, f.leadCaseManager, `{"caseId":${deep}}`, JSON_TYPE),
    );
    const tokens = await refused(() =>
      raw('POST', '/v1/dev/tokens', null, `{"subject":${deep}}`, JSON_TYPE),
    );
    for (const answer of [write, tokens]) {
      expect(answer.statusCode).toBe(400);
      expect(problemOf(answer).code).toBe('REQUEST.TOO_DEEP');
    }
    const inFile = await refused(() =>
      importLines(f.leadCaseManager, `{"command":"RegisterReferral","data":${deep}}`),
    );
    expect(lineErrorOf(inFile).code).toBe('REQUEST.TOO_DEEP');
  });

  it('7. a financial year outside 2000/01 to 2098/99 is refused, naming the range', async () => {
    for (const financialYear of ['9999/00', '0000/01', '1999/00', '2099/00']) {
      const answer = await refused(() =>
        ledger.post(f.paths.agreements, f.commissioner, {
          ...f.agreementBody('far-year'),
          financialYear,
        }),
      );
      expect(answer.statusCode).toBe(400);
      expect(fieldsOf(answer)).toEqual(['financialYear']);
      expect(problemOf(answer).errors![0].message).toMatch(/2000\/01 to 2098\/99/);
    }
  });

  it('7. every report totals for the first and the last year that can be created', async () => {
    for (const [id, year, start] of [
      ['first-year', '2000/01', '2000-04-01'],
      ['last-year', '2098/99', '2098-04-01'],
    ]) {
      const created = await ledger.post(f.paths.agreements, f.commissioner, {
        ...f.agreementBody(id),
        financialYear: year,
      });
      expect(created.statusCode).toBe(201);
      const allocated = await ledger.post(
        f.paths.allocations(id),
        f.commissioner,
        f.allocationBody({ effectiveDate: start }),
      );
      expect(allocated.statusCode).toBe(201);
      for (const report of ['balances', 'budget', 'savings', 'oap-metrics']) {
        for (const query of ['', `?asOf=${start}`, '?asOf=2099-03-31']) {
          const answer = await ledger.get(
            `/v1/agreements/${id}/reports/${report}${query}`,
            f.reviewer,
          );
          expect([report, query, answer.statusCode]).toEqual([report, query, 200]);
        }
      }
    }
  });

  it('8. a distance from home is bounded: 200,000 digits and more than 20,000 km are refused', async () => {
    await given.referral(ledger);
    for (const distanceFromHomeKm of ['9'.repeat(200_000), '20000.1', '123456']) {
      const answer = await refused(() =>
        ledger.post(
          f.paths.placements(),
          f.leadCaseManager,
          f.outOfAreaPlacementBody({ distanceFromHomeKm }),
        ),
      );
      expect(answer.statusCode).toBe(400);
      expect(fieldsOf(answer)).toEqual(['distanceFromHomeKm']);
      expect(answer.body.length).toBeLessThan(2_000);
    }
    const furthest = await ledger.post(
      f.paths.placements(),
      f.leadCaseManager,
      f.outOfAreaPlacementBody({ distanceFromHomeKm: '20000.0' }),
    );
    expect(furthest.statusCode).toBe(201);
  });

  it('9. a form-encoded body is 415, never parsed and acted on', async () => {
    await given.agreement(ledger);
    const form = new URLSearchParams(f.referralBody()).toString();
    const answer = await refused(() =>
      raw('POST', f.paths.cases, f.leadCaseManager, form, {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    );
    expect(answer.statusCode).toBe(415);
    const text = await refused(() =>
      raw('POST', f.paths.cases, f.leadCaseManager, JSON.stringify(f.referralBody()), {
        'content-type': 'text/plain',
      }),
    );
    expect(text.statusCode).toBe(415);
  });

  it('10. a replayed Idempotency-Key is checked for scope: another organisation gets 403, not the receipt', async () => {
    await given.agreement(ledger);
    const key = { 'idempotency-key': 'referral-0001' };
    const first = await ledger.post(f.paths.cases, f.leadCaseManager, f.referralBody(), key);
    expect(first.statusCode).toBe(201);
    const sameSubjectElsewhere = { ...f.leadCaseManager, organisationCode: 'NVC01' };
    const answer = await refused(() =>
      ledger.post(f.paths.cases, sameSubjectElsewhere, f.referralBody(), key),
    );
    expect(answer.statusCode).toBe(403);
    expect(answer.body).not.toContain('"streamId"');
    const replay = await ledger.post(f.paths.cases, f.leadCaseManager, f.referralBody(), key);
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
  });

  it('11. 405, 404 and 413 from the framework are problem documents', async () => {
    const method = await refused(() => raw('DELETE', f.paths.cases, f.leadCaseManager));
    expect(method.statusCode).toBe(405);
    expect(problemOf(method).code).toBe('HTTP.METHOD_NOT_ALLOWED');
    expect(method.headers.allow).toBe('POST, GET');
    const missing = await refused(() => raw('GET', `/v1/nowhere/${NHS}`, f.reviewer));
    expect(missing.statusCode).toBe(404);
    const large = await refused(() =>
      raw(
        'POST',
        f.paths.cases,
        f.leadCaseManager,
        JSON.stringify({ reason: 'x'.repeat(300 * 1024) }),
        JSON_TYPE,
      ),
    );
    expect(large.statusCode).toBe(413);
    expect(problemOf(large).code).toBe('REQUEST.TOO_LARGE');
  });

  it('11. a URL with a broken percent escape is a problem document that does not repeat it', async () => {
    const answer = await refused(() => raw('GET', `/v1/agreements/${NHS}%zz`, f.reviewer));
    expect(answer.statusCode).toBe(400);
    expect(problemOf(answer).code).toBe('REQUEST.MALFORMED_URL');
  });

  it('12. __proto__ and constructor are refused as unknown fields, and no prototype is touched', async () => {
    await given.agreement(ledger);
    const body = JSON.stringify(f.referralBody()).replace(
      /^\{/,
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},',
    );
    const answer = await refused(() =>
      raw('POST', f.paths.cases, f.leadCaseManager, body, JSON_TYPE),
    );
    expect(answer.statusCode).toBe(400);
    expect(problemOf(answer).code).toBe('VALIDATION.FAILED');
    expect(problemOf(answer).errors).toEqual([
      { field: '__proto__', message: 'is not a field of this request' },
      { field: 'constructor', message: 'is not a field of this request' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('13. an invalid element of an array is named by its index', async () => {
    const answer = await refused(() =>
      ledger.post(f.paths.agreements, f.commissioner, {
        ...f.agreementBody(),
        partnerProviderCodes: ['RPG', 'not an ods code'],
        serviceLines: ['adult-medium-secure', 'adult-low-secure', 'Not Kebab'],
      }),
    );
    expect(fieldsOf(answer)).toEqual(['partnerProviderCodes[1]', 'serviceLines[2]']);
  });

  it('14. 22,000 unknown fields get the first 100 listed and a count of the rest, not a 1.5 MB answer', async () => {
    await given.agreement(ledger);
    const body: Record<string, unknown> = { ...f.referralBody() };
    for (let i = 0; i < 22_000; i += 1) body[`f${i}`] = 1;
    const payload = JSON.stringify(body);
    const answer = await refused(() =>
      raw('POST', f.paths.cases, f.leadCaseManager, payload, JSON_TYPE),
    );
    expect(problemOf(answer).errors).toHaveLength(100);
    expect(problemOf(answer).errorsOmitted).toBe(21_900);
    expect(answer.body.length).toBeLessThan(payload.length);
  });
});

describe('hostile input over a real socket: errors raised before a request exists', () => {
  let ledger: LedgerTestApp;
  let port: number;
  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    await ledger.app.listen(0, '127.0.0.1');
    port = (ledger.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => ledger.dispose());

  const get = (path: string) =>
    new Promise<Answer>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ statusCode: response.statusCode ?? 0, body, headers: response.headers }),
        );
      });
      request.on('error', reject);
      request.end();
    });

  it('11. a 20 KB URL is 431 as a problem document', async () => {
    const answer = await get(`/v1/events?note=${'a'.repeat(20_000)}${NHS}`);
    expect(answer.statusCode).toBe(431);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(answer)).toMatchObject({ status: 431, code: 'REQUEST.HEADERS_TOO_LARGE' });
    expectNoNumber(answer);
  });

  it('11. bytes that are not HTTP are 400 as a problem document', async () => {
    const text = await new Promise<string>((resolve) => {
      let received = '';
      const socket = connect(port, '127.0.0.1', () => socket.write('HELLO THERE\r\n\r\n'));
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'REQUEST.MALFORMED',
    });
  });
});

/**
 * The project's bad-input corpus: hundreds of hostile or careless requests, generated over every
 * write endpoint and every importable command, each sent to the real API on a real SQLite file.
 * For each one the test proves what domain.md promises of bad input:
 * - a 4xx with the expected status and stable code (a problem document, or for an import the
 *   failed line in its report);
 * - the failing field named, where there is one;
 * - nothing written: the log's head position is unchanged;
 * - no NHS number comes back, in the body or any header, in any of the ways it was written.
 *
 * The corpus is generated from the endpoints' own example bodies (testing/write-endpoints.ts),
 * so a new endpoint or a new field joins it without a line here.
 */
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';
import {
  stringFieldsOf,
  WRITE_ENDPOINTS,
  withField,
  type WriteEndpoint,
} from './testing/write-endpoints';

type Body = Record<string, unknown>;

/** The ways an NHS number is written: every one must be refused and none echoed. */
const NHS_WRITINGS: Array<[string, string]> = [
  ['plain', f.NHS_NUMBER],
  ['in a sentence', `moved, NHS no ${f.NHS_NUMBER}.`],
  ['with no-break spaces', '943\u00a0476\u00a05919'],
  ['with en dashes', '943\u2013476\u20135919'],
  ['in full-width digits', '\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19'],
];

/** What a refusal must look like. `field` absent: no single field is at fault. */
interface Expected {
  status: number;
  code: string;
  field?: string;
}

/** One request of the corpus, as a raw HTTP request. */
interface Sample {
  name: string;
  url: string;
  payload?: string;
  headers: Record<string, string>;
  expected: Expected;
}

const JSON_TYPE = 'application/json';

const nhsRefused = (field: string): Expected => ({
  status: 422,
  code: 'PATIENT.NHS_NUMBER_REFUSED',
  field,
});
const invalid = (field: string): Expected => ({ status: 400, code: 'VALIDATION.FAILED', field });
const unsupported: Expected = { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' };

/** The body as JSON text with one field's value nested `depth` arrays deep, built as text. */
function nestedText(body: Body, field: string, depth: number): string {
  const marker = '\u0000nest\u0000';
  return JSON.stringify(withField(body, field, marker)).replace(
    JSON.stringify(marker),
    `${'['.repeat(depth)}"x"${']'.repeat(depth)}`,
  );
}

/** Bad values for one string field of a body, each with the refusal it must earn. */
function fieldSamples(body: Body, field: string): Array<[string, Body, Expected]> {
  return [
    ...NHS_WRITINGS.map(([how, text]): [string, Body, Expected] => [
      `${field}: an NHS number ${how}`,
      withField(body, field, text),
      nhsRefused(field),
    ]),
    [`${field}: a JSON number`, withField(body, field, 12), invalid(field)],
    [`${field}: 10,000 characters`, withField(body, field, 'x'.repeat(10_000)), invalid(field)],
    [`${field}: an object`, withField(body, field, { value: 'x' }), invalid(field)],
    [`${field}: an array`, withField(body, field, ['x']), invalid(field)],
  ];
}

/** Bad bodies as a whole, each with the refusal it must earn. */
function bodySamples(body: Body, moneyField?: string): Array<[string, string, Expected]> {
  const first = stringFieldsOf(body)[0];
  const json = (value: unknown) => JSON.stringify(value);
  const samples: Array<[string, string, Expected]> = [
    [
      'an NHS number as a field name',
      json({ ...body, [f.NHS_NUMBER]: 'x' }),
      nhsRefused('[NHS number removed]'),
    ],
    [
      'an NHS number as a nested field name',
      json({ ...body, extra: { ['943 476 5919']: 1 } }),
      nhsRefused('extra.[NHS number removed]'),
    ],
    ['an NHS number as a JSON number', json({ ...body, extra: 9434765919 }), nhsRefused('extra')],
    ['an unknown field', json({ ...body, colour: 'blue' }), invalid('colour')],
    [
      '__proto__',
      json(body).replace(/^\{/, '{"__proto__":{"polluted":true},'),
      invalid('__proto__'),
    ],
    [
      'constructor',
      json(body).replace(/^\{/, '{"constructor":{"prototype":{"polluted":true}},'),
      invalid('constructor'),
    ],
    [
      'nested 40 deep',
      nestedText(body, first, 40),
      { status: 400, code: 'REQUEST.TOO_DEEP', field: '(body)' },
    ],
    [
      'nested 5,000 deep',
      nestedText(body, first, 5_000),
      { status: 400, code: 'REQUEST.TOO_DEEP', field: '(body)' },
    ],
    ['an array, not an object', json([body]), invalid('(body)')],
    ['a string, not an object', json('hello'), invalid('(body)')],
    ['null', 'null', invalid('(body)')],
    ['truncated JSON', json(body).slice(0, -3), { status: 400, code: 'REQUEST.MALFORMED_JSON' }],
    [
      'truncated JSON holding an NHS number',
      `{"reason":"${f.NHS_NUMBER}`,
      { status: 400, code: 'REQUEST.MALFORMED_JSON' },
    ],
    ['an empty body', '', { status: 400, code: 'REQUEST.MALFORMED_JSON' }],
    [
      '500 unknown fields',
      json({ ...body, ...Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, i])) }),
      invalid('f0'),
    ],
  ];
  if (moneyField) {
    samples.push(
      [
        `${moneyField}: a JSON number`,
        json(withField(body, moneyField, 685.5)),
        invalid(moneyField),
      ],
      [
        `${moneyField}: 3 decimal places`,
        json(withField(body, moneyField, '685.505')),
        invalid(moneyField),
      ],
      [
        `${moneyField}: 14 digits of pounds`,
        json(withField(body, moneyField, '12345678901234.00')),
        invalid(moneyField),
      ],
      [
        `${moneyField}: words`,
        json(withField(body, moneyField, 'ten pounds')),
        invalid(moneyField),
      ],
      [`${moneyField}: an exponent`, json(withField(body, moneyField, '1e3')), invalid(moneyField)],
      [
        `${moneyField}: an NHS number as money`,
        json(withField(body, moneyField, 9434765919)),
        nhsRefused(moneyField),
      ],
    );
  }
  return samples;
}

/** The path parameters of an endpoint's URL, by name, with the segment that holds each. */
function pathParameters(endpoint: WriteEndpoint): Array<[string, string]> {
  const names: Record<string, string> = {
    [f.AGREEMENT_ID]: 'agreementId',
    [f.CASE_ID]: 'caseId',
    'plc-1': 'placementId',
    NVC01: 'odsCode',
  };
  return endpoint.path
    .split('/')
    .filter((segment) => names[segment] !== undefined)
    .map((segment) => [segment, names[segment]]);
}

function httpSamples(endpoint: WriteEndpoint): Sample[] {
  const body = endpoint.body();
  const asJson = (payload: string) => ({ payload, headers: { 'content-type': JSON_TYPE } });
  const samples: Sample[] = [];
  for (const field of stringFieldsOf(body)) {
    for (const [name, bad, expected] of fieldSamples(body, field)) {
      samples.push({ name, url: endpoint.path, ...asJson(JSON.stringify(bad)), expected });
    }
  }
  for (const [name, payload, expected] of bodySamples(body, endpoint.moneyField)) {
    samples.push({ name, url: endpoint.path, ...asJson(payload), expected });
  }
  const good = JSON.stringify(body);
  for (const [type, label] of [
    ['application/x-www-form-urlencoded', 'a form'],
    ['text/plain', 'plain text'],
    ['application/xml', 'XML'],
    ['multipart/form-data; boundary=x', 'multipart'],
  ]) {
    samples.push({
      name: `${label} body`,
      url: endpoint.path,
      payload: good,
      headers: { 'content-type': type },
      expected: unsupported,
    });
  }
  samples.push(
    {
      name: 'no Content-Type',
      url: endpoint.path,
      payload: `{"reason":"${f.NHS_NUMBER}"}`,
      headers: {},
      expected: unsupported,
    },
    {
      name: 'an unknown query parameter',
      url: `${endpoint.path}?dryRun=true`,
      ...asJson(good),
      expected: invalid('query.dryRun'),
    },
    {
      name: 'an NHS number in the query',
      url: `${endpoint.path}?note=${f.NHS_NUMBER}`,
      ...asJson(good),
      expected: nhsRefused('query.note'),
    },
    {
      name: 'an NHS number as a query name',
      url: `${endpoint.path}?${f.NHS_NUMBER}=1`,
      ...asJson(good),
      expected: nhsRefused('query.[NHS number removed]'),
    },
    {
      name: 'an NHS number in the Idempotency-Key',
      url: endpoint.path,
      payload: good,
      headers: { 'content-type': JSON_TYPE, 'idempotency-key': `key-${f.NHS_NUMBER}` },
      expected: nhsRefused('header.Idempotency-Key'),
    },
    {
      name: 'an NHS number in the X-Correlation-Id',
      url: endpoint.path,
      payload: good,
      headers: { 'content-type': JSON_TYPE, 'x-correlation-id': f.NHS_NUMBER },
      expected: nhsRefused('header.X-Correlation-Id'),
    },
    {
      name: 'a malformed If-Match',
      url: endpoint.path,
      payload: good,
      headers: { 'content-type': JSON_TYPE, 'if-match': 'yesterday' },
      expected: { status: 400, code: 'CONCURRENCY.IF_MATCH_MALFORMED', field: 'If-Match' },
    },
    {
      name: 'a body over 256 KiB',
      url: endpoint.path,
      ...asJson(JSON.stringify({ ...body, reason: 'x'.repeat(300 * 1024) })),
      expected: { status: 413, code: 'REQUEST.TOO_LARGE' },
    },
  );
  for (const [segment, parameter] of pathParameters(endpoint)) {
    samples.push({
      name: `an NHS number as the ${parameter} in the path`,
      url: endpoint.path.replace(segment, f.NHS_NUMBER),
      ...asJson(good),
      expected: nhsRefused(`path.${parameter}`),
    });
  }
  return samples;
}

/** The ids that travel in the URL over HTTP and in `data` in an import line. */
function importData(endpoint: WriteEndpoint): Body {
  const ids: Body = {};
  for (const [segment, parameter] of pathParameters(endpoint)) ids[parameter] = segment;
  return { ...ids, ...endpoint.body() };
}

/** Bad import lines: the same bad values, in `data`, each failed line carrying the HTTP code. */
function importSamples(endpoint: WriteEndpoint): Array<[string, string, Expected]> {
  const data = importData(endpoint);
  const line = (value: unknown) => JSON.stringify({ command: endpoint.command, data: value });
  const inData = (expected: Expected): Expected =>
    expected.field && expected.field !== '(body)'
      ? { ...expected, field: `data.${expected.field}` }
      : expected;
  const samples: Array<[string, string, Expected]> = [];
  for (const field of stringFieldsOf(data)) {
    for (const [name, bad, expected] of fieldSamples(data, field)) {
      samples.push([name, line(bad), inData(expected)]);
    }
  }
  samples.push(
    [
      'an NHS number as a field name in data',
      line({ ...data, [f.NHS_NUMBER]: 'x' }),
      nhsRefused('data.[NHS number removed]'),
    ],
    [
      'an NHS number as a key beside command and data',
      JSON.stringify({ command: endpoint.command, data, [f.NHS_NUMBER]: 1 }),
      nhsRefused('[NHS number removed]'),
    ],
    [
      'an NHS number as a JSON number in data',
      line({ ...data, extra: 9434765919 }),
      nhsRefused('data.extra'),
    ],
    ['an unknown field in data', line({ ...data, colour: 'blue' }), invalid('data.colour')],
    [
      '__proto__ in data',
      line(data).replace('"data":{', '"data":{"__proto__":{"polluted":true},'),
      invalid('data.__proto__'),
    ],
    [
      'nested 5,000 deep',
      JSON.stringify({ command: endpoint.command, data: 0 }).replace(
        '0}',
        `${nestedText(data, stringFieldsOf(data)[0], 5_000)}}`,
      ),
      { status: 400, code: 'REQUEST.TOO_DEEP' },
    ],
    [
      'not JSON, holding an NHS number',
      `{"command":"${endpoint.command}","data":{"note":"${f.NHS_NUMBER}"`,
      { status: 400, code: 'IMPORT.MALFORMED_LINE' },
    ],
  );
  return samples;
}

interface Answer {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

function expectNothingEchoed(answer: Answer): void {
  const everything = answer.body + JSON.stringify(answer.headers);
  expect(everything).not.toContain(f.NHS_NUMBER);
  expect(everything).not.toMatch(/943\D{0,3}476\D{0,3}5919/);
  expect(everything).not.toContain('\uff19\uff14\uff13');
}

interface Refusal {
  code: string;
  errors?: { field: string }[];
}

function expectRefusal(refusal: Refusal, expected: Expected): void {
  expect(refusal.code).toBe(expected.code);
  if (expected.field) expect((refusal.errors ?? []).map((e) => e.field)).toContain(expected.field);
}

describe.each(WRITE_ENDPOINTS.map((endpoint) => [endpoint.command, endpoint] as const))(
  'bad-input corpus: %s over HTTP',
  (_command, endpoint) => {
    let ledger: LedgerTestApp;
    let token: string;
    beforeAll(async () => {
      ledger = await LedgerTestApp.start();
      await endpoint.given(ledger);
      token = await ledger.token(endpoint.actor);
    });
    afterAll(() => ledger.dispose());

    it.each(httpSamples(endpoint).map((sample) => [sample.name, sample] as const))(
      '%s',
      async (_name, sample) => {
        const before = await ledger.head();
        const answer = await ledger.app.inject({
          method: 'POST',
          url: sample.url,
          headers: { authorization: `Bearer ${token}`, ...sample.headers },
          ...(sample.payload === undefined ? {} : { payload: sample.payload }),
        });
        expect([answer.statusCode, answer.body.slice(0, 300)]).toEqual([
          sample.expected.status,
          expect.any(String),
        ]);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expectRefusal(JSON.parse(answer.body) as Refusal, sample.expected);
        expectNothingEchoed(answer);
        expect(await ledger.head()).toBe(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
    );
  },
);

describe.each(
  WRITE_ENDPOINTS.filter((endpoint) => endpoint.command !== 'ClosePeriod').map(
    (endpoint) => [endpoint.command, endpoint] as const,
  ),
)('bad-input corpus: %s in an import line', (_command, endpoint) => {
  let ledger: LedgerTestApp;
  let token: string;
  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    await endpoint.given(ledger);
    token = await ledger.token(endpoint.actor);
  });
  afterAll(() => ledger.dispose());

  it.each(importSamples(endpoint))('%s', async (_name, text, expected) => {
    const before = await ledger.head();
    const answer = await ledger.app.inject({
      method: 'POST',
      url: '/v1/imports?mode=all-or-nothing',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      payload: text,
    });
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer.statusCode).toBeLessThan(500);
    const report = JSON.parse(answer.body) as {
      failed: number;
      results: { status: string; error?: Refusal & { status: number } }[];
    };
    expect(report.failed).toBe(1);
    const failure = report.results[0].error!;
    expect(failure.status).toBe(expected.status);
    expectRefusal(failure, expected);
    expectNothingEchoed(answer);
    expect(await ledger.head()).toBe(before);
  });
});

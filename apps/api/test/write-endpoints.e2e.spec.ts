/**
 * The HTTP contract every command endpoint keeps, proved endpoint by endpoint through the real
 * API on a real SQLite file: the happy path with ETag and Location, If-Match, Idempotency-Key,
 * roles and scope, unknown fields, NHS numbers in any field, money as a JSON number or with
 * 3 decimals, and a closed store. Every refusal also proves that nothing was written.
 */
import { currentSchemaVersion } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { join } from 'node:path';
import * as f from './testing/ledger-fixtures';
import {
  expectRecorded,
  expectRefusedWithoutWriting,
  fieldsOf,
} from './testing/ledger-expectations';
import { LedgerTestApp } from './testing/ledger-test-app';
import {
  stringFieldsOf,
  withField,
  WRITE_ENDPOINTS,
  type WriteEndpoint,
} from './testing/write-endpoints';

describe.each(WRITE_ENDPOINTS)('$command: POST $path', (endpoint: WriteEndpoint) => {
  let ledger: LedgerTestApp;

  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
    await endpoint.given(ledger);
  });

  afterEach(() => ledger.dispose());

  const send = (
    body: unknown = endpoint.body(),
    headers: Record<string, string> = {},
    as = endpoint.actor,
  ) => ledger.post(endpoint.path, as, body, headers);

  const currentRevision = async (): Promise<number | null> => {
    const response = await ledger.get(endpoint.streamPath, f.admin);
    return response.statusCode === 404 ? null : Number(JSON.parse(response.headers.etag as string));
  };

  it('records the command: 201, receipt, ETag and Location, and the audited event', async () => {
    const before = await ledger.head();
    const response = await send(endpoint.body(), { 'x-correlation-id': 'journey-42' });
    expectRecorded(response, endpoint.event, endpoint.location);
    const receipt = response.json();
    // Names carried for the register are recorded first, in the same write.
    expect(receipt.position).toBe(before + receipt.events.length + (endpoint.otherEvents ?? 0));
    const stream = (await ledger.get(`${endpoint.streamPath}/events`, f.reviewer)).json();
    const recorded = stream.events.find(
      (e: { eventId: string }) => e.eventId === receipt.events[0].eventId,
    );
    expect(recorded.metadata).toMatchObject({
      actor: endpoint.actor,
      correlationId: 'journey-42',
      causationId: response.headers['x-request-id'],
      idempotencyKey: null,
      schemaVersion: currentSchemaVersion(endpoint.event),
      recordedAt: '2025-10-15T10:00:00.000Z',
    });
  });

  it('records the command when If-Match names the current revision', async () => {
    const revision = await currentRevision();
    if (revision === null) return; // A creation has no revision to match yet.
    const response = await send(endpoint.body(), { 'if-match': `"${revision}"` });
    expectRecorded(response, endpoint.event, endpoint.location);
    expect(response.json().revision).toBe(revision + 1);
  });

  it('refuses a stale If-Match with 412 and writes nothing', async () => {
    const revision = await currentRevision();
    const stale = revision === null ? 0 : revision === 0 ? 5 : revision - 1;
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => send(endpoint.body(), { 'if-match': `"${stale}"` }),
      412,
      'CONCURRENCY.REVISION_MISMATCH',
    );
    expect(problem).toMatchObject({ expectedRevision: stale, currentRevision: revision });
  });

  it('refuses a malformed If-Match with 400 and writes nothing', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () => send(endpoint.body(), { 'if-match': 'W/"abc"' }),
      400,
      'CONCURRENCY.IF_MATCH_MALFORMED',
    );
  });

  it('answers a repeated Idempotency-Key with the same body as the original, writing nothing', async () => {
    const first = await send(endpoint.body(), { 'idempotency-key': 'retry-me' });
    expect(first.statusCode).toBe(201);
    const head = await ledger.head();
    const again = await send(endpoint.body(), { 'idempotency-key': 'retry-me' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await ledger.head()).toBe(head);
  });

  it('refuses the same Idempotency-Key with a different body: 422, nothing written', async () => {
    expect((await send(endpoint.body(), { 'idempotency-key': 'once' })).statusCode).toBe(201);
    await expectRefusedWithoutWriting(
      ledger,
      () => send(endpoint.changedBody(), { 'idempotency-key': 'once' }),
      422,
      'IDEMPOTENCY.KEY_REUSED',
    );
  });

  it('refuses a reviewer: they read everything and write nothing', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () => send(endpoint.body(), {}, f.reviewer),
      403,
      'AUTH.FORBIDDEN_ROLE',
    );
  });

  it('refuses an organisation outside the agreement without revealing it', async () => {
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => send(endpoint.body(), {}, endpoint.outsider),
      403,
      'AUTH.OUT_OF_SCOPE',
    );
    expect(JSON.stringify(problem)).not.toMatch(/RV5|RPG|RQY|13R/);
  });

  it('refuses a request without a token with 401', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () => ledger.call('POST', endpoint.path, { body: endpoint.body() }),
      401,
      'AUTH.UNAUTHENTICATED',
    );
  });

  it('refuses an unknown field, naming it, and writes nothing', async () => {
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => send({ ...endpoint.body(), colour: 'blue' }),
      400,
      'VALIDATION.FAILED',
    );
    expect(problem.errors).toContainEqual({
      field: 'colour',
      message: 'is not a field of this request',
    });
  });

  it.each(stringFieldsOf(endpoint.body()))(
    'refuses an NHS number in %s, saying why',
    async (field) => {
      const problem = await expectRefusedWithoutWriting(
        ledger,
        () => send(withField(endpoint.body(), field, `ref ${f.NHS_NUMBER}`)),
        422,
        'PATIENT.NHS_NUMBER_REFUSED',
      );
      expect(fieldsOf(problem)).toEqual([field]);
      expect(problem.detail).toMatch(/pseudonym/);
      expect(JSON.stringify(problem)).not.toContain(f.NHS_NUMBER);
    },
  );

  it('refuses an NHS number sent as a JSON number in an extra field', async () => {
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => send({ ...endpoint.body(), nhsNumber: Number(f.NHS_NUMBER) }),
      422,
      'PATIENT.NHS_NUMBER_REFUSED',
    );
    expect(fieldsOf(problem)).toEqual(['nhsNumber']);
  });

  if (endpoint.moneyField) {
    const moneyField = endpoint.moneyField;

    it(`refuses money as a JSON number in ${moneyField}`, async () => {
      const problem = await expectRefusedWithoutWriting(
        ledger,
        () => send(withField(endpoint.body(), moneyField, 685.5)),
        400,
        'VALIDATION.FAILED',
      );
      expect(problem.errors).toContainEqual({
        field: moneyField,
        message: 'must be a decimal string such as "685.50", not a JSON number',
      });
    });

    it(`refuses 3 decimal places in ${moneyField}`, async () => {
      const problem = await expectRefusedWithoutWriting(
        ledger,
        () => send(withField(endpoint.body(), moneyField, '685.505')),
        400,
        'VALIDATION.FAILED',
      );
      expect(problem.errors).toContainEqual({
        field: moneyField,
        message: 'must have at most 2 decimal places',
      });
    });
  }

  it('answers 503 with Retry-After when the store is closed, and nothing is written', async () => {
    const head = await ledger.head();
    await ledger.store.close();
    const response = await send();
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE', retryable: true });
    const reopened = new SqliteEventStore(join(ledger.dataDir, 'ledger.sqlite'));
    try {
      expect(await reopened.headPosition()).toBe(head);
    } finally {
      await reopened.close();
    }
  });
});

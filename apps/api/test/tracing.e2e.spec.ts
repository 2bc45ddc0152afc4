/**
 * One trace per request: the real API in process (LedgerTestApp: Nest on Fastify, the JWT
 * guard, the CommandBus, LedgerCommands, SqliteEventStore on a real file, the embedded read
 * model projected inline), with a test tracer provider exporting every span to memory. Checks
 * the span tree of one write, the parent of each span, the attributes, a caller's W3C
 * `traceparent`, and that no span carries what the caller sent in the body.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  onlySpan,
  parentOf,
  startInMemoryTracing,
  type InMemoryTracing,
} from '@ledger/telemetry/tracing/testing/in-memory-tracing';
import { someEvents } from '@ledger/event-store/testing';
import * as f from './testing/ledger-fixtures';
import { given } from './testing/ledger-givens';
import { LedgerTestApp } from './testing/ledger-test-app';

const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const ROUTE = 'POST /v1/cases/:caseId/placements';

describe('tracing: one trace per request', () => {
  let tracing: InMemoryTracing;
  let ledger: LedgerTestApp;

  beforeAll(() => {
    tracing = startInMemoryTracing();
  });

  afterAll(async () => {
    await tracing.stop();
  });

  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
    await given.referral(ledger);
    tracing.reset();
  });

  afterEach(async () => {
    await ledger.dispose();
  });

  /** The spans of the one request made since the last reset, once its server span has ended. */
  async function spansOfOneRequest(): Promise<ReadableSpan[]> {
    for (let wait = 0; wait < 100; wait += 1) {
      if (tracing.spans().some((span) => span.kind === SpanKind.SERVER)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return tracing.spans();
  }

  it('HTTP → decide (→ authorise) and append (→ event store, → projection), with their attributes', async () => {
    const response = await ledger.post(
      f.paths.placements(),
      f.leadCaseManager,
      f.outOfAreaPlacementBody(),
      {
        traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`,
        'x-correlation-id': 'corr-trace-test',
      },
    );
    expect(response.statusCode).toBe(201);
    const spans = await spansOfOneRequest();

    const server = onlySpan(spans, ROUTE);
    const decide = onlySpan(spans, 'ledger.decide');
    const authorise = onlySpan(spans, 'ledger.authorise');
    const append = onlySpan(spans, 'ledger.append');
    const stored = onlySpan(spans, 'event-store.append');
    const project = onlySpan(spans, 'read-model.project');
    const batch = onlySpan(spans, 'read-model.apply_batch');

    // One trace, the caller's, with its span as the server span's parent.
    for (const span of spans) expect(span.spanContext().traceId).toBe(CALLER_TRACE_ID);
    expect(parentOf(server)).toBe(CALLER_SPAN_ID);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    expect(parentOf(decide)).toBe(server.spanContext().spanId);
    expect(parentOf(authorise)).toBe(decide.spanContext().spanId);
    expect(parentOf(append)).toBe(server.spanContext().spanId);
    expect(parentOf(stored)).toBe(append.spanContext().spanId);
    expect(parentOf(project)).toBe(append.spanContext().spanId);
    expect(parentOf(batch)).toBe(project.spanContext().spanId);

    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/cases/:caseId/placements',
      'http.response.status_code': 201,
      'ledger.request_id': response.headers['x-request-id'],
      'ledger.correlation_id': 'corr-trace-test',
    });
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(spans).toHaveLength(7);
    expect(decide.attributes).toMatchObject({
      'ledger.command.type': 'StartPlacement',
      'ledger.command.attempt': 1,
      'ledger.stream.id': `case-${f.CASE_ID}`,
      'ledger.stream.revision_read': 0,
      'ledger.events.count': 1,
      'ledger.event.types': 'PlacementStarted',
    });
    expect(authorise.attributes).toMatchObject({
      'ledger.authorisation.action': 'StartPlacement',
      'ledger.actor.role': 'case-manager',
      'ledger.actor.organisation': 'RV5',
      'ledger.authorisation.allowed': true,
    });
    const position = Number(JSON.parse(response.body).position);
    expect(append.attributes).toMatchObject({
      'ledger.stream.id': `case-${f.CASE_ID}`,
      'ledger.events.count': 1,
      'ledger.append.expected_revision': '0',
      'ledger.position.last': position,
      'ledger.stream.revision': 1,
      'ledger.append.replayed': false,
    });
    expect(stored.attributes).toMatchObject({
      'db.system.name': 'sqlite',
      'ledger.stream.id': `case-${f.CASE_ID}`,
      'ledger.events.count': 1,
      'ledger.group_commit.size': 1,
      'ledger.position.first': position,
      'ledger.position.last': position,
    });
    expect(project.attributes).toMatchObject({
      'ledger.read_model.joined_pass': false,
      'ledger.read_model.checkpoint': position,
    });
    expect(batch.attributes).toMatchObject({
      'ledger.events.count': 1,
      'ledger.position.first': position,
      'ledger.read_model.applied': 1,
      'ledger.read_model.checkpoint': position,
    });
  });

  it('starts a new trace when the request carries no traceparent', async () => {
    expect(
      (await ledger.post(f.paths.placements(), f.leadCaseManager, f.outOfAreaPlacementBody()))
        .statusCode,
    ).toBe(201);
    const spans = await spansOfOneRequest();
    const server = onlySpan(spans, ROUTE);
    expect(parentOf(server)).toBeUndefined();
    expect(server.spanContext().traceId).not.toBe(CALLER_TRACE_ID);
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(
      new Set([server.spanContext().traceId]),
    );
  });

  it('records a refusal by its code, on the span that refused, and a 4xx without failing the server span', async () => {
    const response = await ledger.post(
      f.paths.placements(),
      f.outsiderCaseManager,
      f.outOfAreaPlacementBody(),
    );
    expect(response.statusCode).toBe(403);
    const spans = await spansOfOneRequest();
    const server = onlySpan(spans, ROUTE);
    expect(server.attributes['http.response.status_code']).toBe(403);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    // Refused on the remembered state, then again on a fresh read (LedgerCommands): two
    // attempts, each a decide whose authorise failed.
    const decisions = spans.filter((span) => span.name === 'ledger.decide');
    expect(decisions.map((span) => span.attributes['ledger.command.attempt'])).toEqual([1, 2]);
    for (const decide of decisions) {
      expect(decide.status.code).toBe(SpanStatusCode.ERROR);
      expect(decide.attributes['ledger.error.code']).toBe('AUTH.OUT_OF_SCOPE');
      expect(parentOf(decide)).toBe(server.spanContext().spanId);
    }
    const authorisations = spans.filter((span) => span.name === 'ledger.authorise');
    expect(authorisations).toHaveLength(2);
    for (const authorise of authorisations) {
      expect(authorise.status.code).toBe(SpanStatusCode.ERROR);
      expect(authorise.attributes).toMatchObject({
        'ledger.authorisation.allowed': false,
        'ledger.actor.organisation': 'NVC01',
        'error.type': 'AuthorisationError',
        'ledger.error.code': 'AUTH.OUT_OF_SCOPE',
      });
    }
    expect(spans.map((span) => span.name)).not.toContain('ledger.append');
  });

  it('marks a request answered from its Idempotency-Key replayed, with no decision or append', async () => {
    const keyed = { 'idempotency-key': 'trace-replay-1' };
    const body = f.outOfAreaPlacementBody();
    expect(
      (await ledger.post(f.paths.placements(), f.leadCaseManager, body, keyed)).statusCode,
    ).toBe(201);
    await spansOfOneRequest();
    tracing.reset();
    const again = await ledger.post(f.paths.placements(), f.leadCaseManager, body, keyed);
    expect(again.statusCode).toBe(201);
    const spans = await spansOfOneRequest();
    expect(onlySpan(spans, ROUTE).attributes['ledger.command.replayed']).toBe(true);
    expect(spans.map((span) => span.name)).toEqual([ROUTE]);
  });

  it('puts no request body, path value sent or NHS number in any span', async () => {
    const nhsNumber = '9434765919';
    const path = `/v1/cases/${nhsNumber}/placements`;
    const body = f.outOfAreaPlacementBody({ placementId: `plc-${nhsNumber}` });
    const refused = await ledger.post(path, f.leadCaseManager, body);
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    await ledger.post(f.paths.placements(), f.leadCaseManager, f.outOfAreaPlacementBody());
    await spansOfOneRequest();
    const text = JSON.stringify(
      tracing.spans().map((span) => ({
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status,
      })),
    );
    for (const sent of [nhsNumber, 'PSN-7F3A', '685.50', '182.0', 'NVC01']) {
      expect(text).not.toContain(sent);
    }
  });

  it('gives each append the size of the group commit it joined', async () => {
    // Appends made in the same turn of the event loop share one SQLite transaction.
    await Promise.all([
      ledger.store.appendToStream('case-a', someEvents(2), { expectedRevision: 'no-stream' }),
      ledger.store.appendToStream('case-b', someEvents(1), { expectedRevision: 'no-stream' }),
      ledger.store.appendToStream('case-c', someEvents(1), { expectedRevision: 'no-stream' }),
    ]);
    await ledger.store.appendToStream('case-d', someEvents(1), { expectedRevision: 'no-stream' });
    await expect(
      ledger.store.appendToStream('case-a', someEvents(1), { expectedRevision: 0 }),
    ).rejects.toThrow();
    const appends = tracing.spans().filter((span) => span.name === 'event-store.append');
    expect(
      appends.map((span) => [
        span.attributes['ledger.stream.id'],
        span.attributes['ledger.events.count'],
        span.attributes['ledger.group_commit.size'],
      ]),
    ).toEqual([
      ['case-a', 2, 3],
      ['case-b', 1, 3],
      ['case-c', 1, 3],
      ['case-d', 1, 1],
      ['case-a', 1, 1],
    ]);
    const refused = appends[4];
    expect(refused.status.code).toBe(SpanStatusCode.ERROR);
    expect(refused.attributes['error.type']).toBe('WrongExpectedRevisionError');
    expect(refused.attributes['ledger.position.first']).toBeUndefined();
  });
});

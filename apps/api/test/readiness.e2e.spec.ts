/**
 * GET /ready through the real API on a real SQLite file: the state of the event store (its
 * head) and of the read model (its checkpoint against the head), 200 when both answer and 503
 * (with Retry-After) when either does not; a read model that lags is reported, not unready.
 * GET /health stays as it was: the event store alone.
 */
import { someEvents } from '@ledger/event-store/testing/event-fixtures';
import * as f from './testing/ledger-fixtures';
import { given } from './testing/ledger-givens';
import { LedgerTestApp } from './testing/ledger-test-app';

jest.setTimeout(30_000);

let ledger: LedgerTestApp;

afterEach(() => ledger.dispose());

describe('GET /ready', () => {
  it('is public, and ready on a fresh ledger: the store at 0, the embedded read model caught up', async () => {
    ledger = await LedgerTestApp.start();
    const response = await ledger.get('/ready');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      status: 'ready',
      eventStore: { status: 'up', head: 0, gapFreePositions: true },
      readModel: {
        status: 'up',
        kind: 'embedded',
        checkpoint: 0,
        head: 0,
        caughtUp: true,
        eventsBehind: 0,
      },
    });
  });

  it('follows the writes: the inline read model is at the head once a write is acknowledged', async () => {
    ledger = await LedgerTestApp.start();
    await given.agreement(ledger);
    await ledger.post(f.paths.allocations(), f.commissioner, f.allocationBody());
    const head = await ledger.head();
    expect(head).toBe(2);
    expect((await ledger.get('/ready')).json()).toMatchObject({
      status: 'ready',
      eventStore: { status: 'up', head },
      readModel: { checkpoint: head, head, caughtUp: true, eventsBehind: 0 },
    });
  });

  it('reports a read model behind the head, and stays ready (200)', async () => {
    ledger = await LedgerTestApp.start();
    await given.agreement(ledger);
    // Appended behind the API's back (as another process would), so nothing projects them yet.
    await ledger.store.appendToStream('agreement-elsewhere', someEvents(3), {
      expectedRevision: 'no-stream',
    });
    const response = await ledger.get('/ready');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ready',
      eventStore: { status: 'up', head: 4 },
      readModel: { status: 'up', checkpoint: 1, head: 4, caughtUp: false, eventsBehind: 3 },
    });
  });

  it('answers 503 when the read model does not answer, naming no detail', async () => {
    ledger = await LedgerTestApp.start();
    await ledger.readModel.close();
    const response = await ledger.get('/ready');
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toEqual({
      status: 'not-ready',
      eventStore: { status: 'up', head: 0, gapFreePositions: true },
      readModel: { status: 'down', kind: 'embedded', reason: 'unavailable' },
    });
    // Health is about the event store only, and that still answers.
    expect((await ledger.get('/health')).statusCode).toBe(200);
  });

  it('answers 503 when the event store is down, and /health agrees', async () => {
    ledger = await LedgerTestApp.start();
    await ledger.store.close();
    const response = await ledger.get('/ready');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'not-ready',
      eventStore: { status: 'down', reason: 'unavailable' },
      readModel: {
        status: 'up',
        kind: 'embedded',
        checkpoint: 0,
        head: null,
        caughtUp: null,
        eventsBehind: null,
      },
    });
    expect((await ledger.get('/health')).statusCode).toBe(503);
  });

  it('gives a read model that never answers 5 s, then reports it down', async () => {
    ledger = await LedgerTestApp.start({
      // A PostgreSQL-style read model (no inline projection) whose server accepts and hangs.
      readModel: () =>
        Promise.resolve({
          reader: {
            checkpoint: () => new Promise<number>(() => undefined),
            periodTotals: () => Promise.reject(new Error('not used')),
            statementLines: () => Promise.reject(new Error('not used')),
            agreementFacts: () => Promise.reject(new Error('not used')),
            chainFacts: () => Promise.reject(new Error('not used')),
            monthEndPostings: () => Promise.reject(new Error('not used')),
            agreementList: () => Promise.reject(new Error('not used')),
            caseList: () => Promise.reject(new Error('not used')),
            organisationNamings: () => Promise.reject(new Error('not used')),
            organisationRegister: () => Promise.reject(new Error('not used')),
          },
          inline: null,
          close: () => Promise.resolve(),
        }),
    });
    const started = Date.now();
    const response = await ledger.get('/ready');
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'not-ready',
      eventStore: { status: 'up' },
      readModel: { status: 'down', kind: 'postgres', reason: 'no answer within 5000 ms' },
    });
  });
});

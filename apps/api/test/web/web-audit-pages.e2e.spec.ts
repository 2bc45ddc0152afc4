/**
 * The audit pages over plain HTTP (no browser), on the real app and a real SQLite file holding
 * the worked scenario (apps/api/test/testing/worked-scenario.ts, its figures worked by hand in
 * worked-scenario.e2e.spec.ts): an agreement's accounts and statements, an event with its audit
 * metadata, the event log with its filters, and the hash-chain check. Each figure read off a page
 * is worked out by hand here and compared with the API's JSON for the same question.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Clock } from '@ledger/commands';
import * as f from '../testing/ledger-fixtures';
import { LedgerTestApp } from '../testing/ledger-test-app';
import { recordWorkedScenario } from '../testing/worked-scenario';
import { mainTextOf, WebVisitor } from '../testing/web-visitor';

const AGREEMENT = `/agreements/${f.AGREEMENT_ID}`;
const API = `/v1/agreements/${f.AGREEMENT_ID}`;
const NQ1 = 'spend:adult-low-secure:out-of-area:NQ1';
const NQ1_PAGE = `${AGREEMENT}/accounts/${encodeURIComponent(NQ1)}`;
const NQ1_API = `${API}/accounts/${encodeURIComponent(NQ1)}/statement`;
/** More referrals, so the log runs past one page of 50 events. */
const EXTRA_CASES = 40;

/** Starts at 09:00 UTC on TODAY's date and moves on one second every time it is read. */
function tickingClock(start: string): Clock {
  let ms = Date.parse(start);
  return { now: () => new Date((ms += 1000)) };
}

interface ApiEvent {
  position: number;
  streamId: string;
  type: string;
  metadata: {
    recordedAt: string;
    actor: { subject: string; role: string; organisationCode: string | null };
    correlationId: string;
    causationId: string;
    idempotencyKey: string | null;
    hashChain: { hash: string } | null;
  };
}

describe('the audit pages: statements, events, the event log and the hash-chain check', () => {
  let ledger: LedgerTestApp;
  let reviewer: WebVisitor;
  let everyEvent: ApiEvent[];

  beforeAll(async () => {
    ledger = await LedgerTestApp.start({ clock: tickingClock('2025-10-15T09:00:00.000Z') });
    await recordWorkedScenario(ledger);
    for (let n = 1; n <= EXTRA_CASES; n += 1) {
      const caseId = `case-2${String(n).padStart(3, '0')}`;
      const body = f.referralBody({ caseId, patientRef: `PSN-Y${n}` });
      expect((await ledger.post(f.paths.cases, f.leadCaseManager, body)).statusCode).toBe(201);
    }
    everyEvent = (await ledger.get('/v1/events?limit=1000', f.reviewer)).json().events;
    reviewer = new WebVisitor(ledger);
    await reviewer.signIn(f.reviewer);
  });

  afterAll(() => ledger.dispose());

  /** The API's global log answer for the event at one position. */
  const apiEventAt = async (position: number): Promise<ApiEvent> =>
    (await ledger.get(`/v1/events?after=${position - 1}&limit=1`, f.reviewer)).json<{
      events: ApiEvent[];
    }>().events[0];

  it.each([`${AGREEMENT}/accounts`, NQ1_PAGE, '/events', '/events/verify', '/events/1'])(
    'redirects %s to the sign-in page before signing in',
    async (path) => {
      const response = await new WebVisitor(ledger).get(path);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);
    },
  );

  describe('statements', () => {
    it("lists the agreement's accounts with their balances, as the API's balances at year end", async () => {
      const page = await reviewer.get(`${AGREEMENT}/accounts`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>Statements – slp-adult-secure-2025-26 – Out-of-area');
      // The secondary navigation names the page, marked current.
      expect(page.body).toMatch(
        /<li class="nhsuk-contents-list__item" aria-current="page">\s*<span class="nhsuk-contents-list__current">Statements</,
      );
      const text = mainTextOf(page.body);
      // NQ1: July's 22 nights × £850.00 = £18,700.00 in, then 12 nights taken back in August's
      // close (the back-dated discharge): 12 × £850.00 = £10,200.00 out; £8,500.00 left.
      // Each cell carries its column's name for narrow screens (nhsuk-frontend's responsive table).
      expect(text).toContain(`Account ${NQ1} Balance £8,500.00`);
      expect(page.body).toContain(`href="${NQ1_PAGE}"`);
      const api = (await ledger.get(`${API}/reports/balances?asOf=2026-03-31`, f.reviewer)).json<{
        balances: { account: string; balance: string }[];
        total: string;
      }>();
      expect(api.total).toBe('0.00');
      for (const { account, balance } of api.balances) {
        const pounds = `£${balance.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
        expect(text).toContain(
          `Account ${account} Balance ${balance.startsWith('-') ? '-' : ''}${pounds}`,
        );
      }
    });

    it('shows a statement with opening, in, out and closing, each line linked to its event', async () => {
      const page = await reviewer.get(NQ1_PAGE);
      expect(page.statusCode).toBe(200);
      const text = mainTextOf(page.body);
      // £0.00 + £18,700.00 in − £10,200.00 out = £8,500.00 closing.
      expect(text).toContain(
        'Opening balance £0.00 Money in on this page £18,700.00 ' +
          'Money out on this page £10,200.00 Closing balance £8,500.00',
      );
      // July's close: in £18,700.00, balance £18,700.00.
      expect(text).toMatch(
        /Period July 2025 \(M04\) Posted in July 2025 \(M04\) .*?Money in £18,700\.00 Money out Balance £18,700\.00 Event Event \d+/,
      );
      // August's close takes back July's 12 nights: out £10,200.00, balance £8,500.00.
      expect(text).toMatch(
        /Period July 2025 \(M04\) Posted in August 2025 \(M05\) .*?Money in Money out £10,200\.00 Balance £8,500\.00 Event Event \d+/,
      );
      const api = (await ledger.get(NQ1_API, f.reviewer)).json<{
        entries: { position: number; balance: string }[];
      }>();
      expect(api.entries.map((entry) => entry.balance)).toEqual(['18700.00', '8500.00']);
      for (const entry of api.entries) {
        expect(page.body).toContain(`href="${AGREEMENT}/events/${entry.position}"`);
      }
      // No pages: both lines fit.
      expect(page.body).not.toContain('nhsuk-pagination');
    });

    it("pages with the API's cursor, forward and back", async () => {
      const first = await reviewer.get(`${NQ1_PAGE}?limit=1`);
      expect(first.statusCode).toBe(200);
      // Page 1: £0.00 + £18,700.00 in = £18,700.00.
      expect(mainTextOf(first.body)).toContain(
        'Opening balance £0.00 Money in on this page £18,700.00 ' +
          'Money out on this page £0.00 Closing balance £18,700.00',
      );
      const cursor = (await ledger.get(`${NQ1_API}?limit=1`, f.reviewer)).json().nextCursor;
      const nextHref = `${NQ1_PAGE}?after=${encodeURIComponent(cursor)}&amp;limit=1`;
      expect(first.body).toContain(`href="${nextHref}"`);
      const second = await reviewer.get(nextHref.replace(/&amp;/g, '&'));
      expect(second.statusCode).toBe(200);
      // Page 2: £18,700.00 − £10,200.00 out = £8,500.00, as the API's second page.
      expect(mainTextOf(second.body)).toContain(
        'Opening balance £18,700.00 Money in on this page £0.00 ' +
          'Money out on this page £10,200.00 Closing balance £8,500.00',
      );
      expect(second.body).toContain(
        '<title>Statement of spend:adult-low-secure:out-of-area:NQ1 (page 2)',
      );
      expect(second.body).toContain(`href="${NQ1_PAGE}?limit=1"`);
      const api = (
        await ledger.get(`${NQ1_API}?limit=1&after=${encodeURIComponent(cursor)}`, f.reviewer)
      ).json();
      expect(api).toMatchObject({
        openingBalance: '18700.00',
        closingBalance: '8500.00',
        nextCursor: null,
      });
    });

    it('downloads the page of the statement as the API writes it', async () => {
      const csv = await reviewer.get(`${NQ1_PAGE}/statement.csv?limit=1`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const api = await ledger.get(`${NQ1_API}?limit=1&format=csv`, f.reviewer);
      expect(csv.body).toBe(api.body);
      expect(csv.headers['content-disposition']).toBe(api.headers['content-disposition']);
      const xlsx = await reviewer.get(`${NQ1_PAGE}/statement.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expect((await reviewer.get(`${NQ1_PAGE}?limit=0`)).statusCode).toBe(400);
      expect((await reviewer.get(`${NQ1_PAGE}/statement.csv?after=x`)).statusCode).toBe(400);
    });

    it("links each line to its event, with the audit metadata of the API's /v1/events", async () => {
      const api = (await ledger.get(NQ1_API, f.reviewer)).json<{
        entries: { position: number }[];
      }>();
      const position = api.entries[1].position;
      // A lead provider's finance officer may read the agreement's events: the link works for them.
      const finance = new WebVisitor(ledger);
      await finance.signIn(f.leadFinance);
      const page = await finance.get(`${AGREEMENT}/events/${position}`);
      expect(page.statusCode).toBe(200);
      const event = await apiEventAt(position);
      expect(event.type).toBe('PeriodClosed');
      const { actor, correlationId, causationId, idempotencyKey } = event.metadata;
      const text = mainTextOf(page.body);
      expect(text).toContain(`Event ${position} PeriodClosed`);
      expect(text).toContain(
        `Subject ${actor.subject} Role ${actor.role} Organisation ${actor.organisationCode ?? 'None'} ` +
          `Correlation id ${correlationId} Causation id ${causationId} ` +
          `Idempotency key ${idempotencyKey ?? 'None'}`,
      );
      expect(text).toContain(`Stream ${event.streamId}`);
      expect(text).toContain(`Position in the log ${position}`);
      expect(text).toContain(`(${event.metadata.recordedAt})`);
      expect(text).toContain(`Hash ${event.metadata.hashChain!.hash}`);
      expect(text).toContain('period 2025-08');
      expect(text).toContain(`agreementId ${f.AGREEMENT_ID}`);
    });

    it('refuses outside the agreement (403), an unknown agreement or event (404), and hides links from an analyst', async () => {
      const outsider = new WebVisitor(ledger);
      await outsider.signIn(f.outsiderCommissioner);
      expect((await outsider.get(`${AGREEMENT}/accounts`)).statusCode).toBe(403);
      expect((await outsider.get(NQ1_PAGE)).statusCode).toBe(403);
      expect((await outsider.get(`${NQ1_PAGE}/statement.csv`)).statusCode).toBe(403);
      expect((await outsider.get(`${AGREEMENT}/events/1`)).statusCode).toBe(403);
      expect((await reviewer.get('/agreements/no-such-agreement/accounts')).statusCode).toBe(404);
      // Position 3 is the first referral, an event of the case's stream, not the agreement's.
      expect(everyEvent[2].streamId).toBe(`case-${f.CASE_ID}`);
      expect((await reviewer.get(`${AGREEMENT}/events/3`)).statusCode).toBe(404);
      expect((await reviewer.get(`${AGREEMENT}/events/zero`)).statusCode).toBe(404);
      // An analyst reads reports but not events: the statement shows the events unlinked.
      const analyst = new WebVisitor(ledger);
      await analyst.signIn(f.analyst);
      const page = await analyst.get(NQ1_PAGE);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain(`href="${AGREEMENT}/events/`);
      expect(mainTextOf(page.body)).toMatch(/Event \d+/);
      expect((await analyst.get(`${AGREEMENT}/events/1`)).statusCode).toBe(403);
    });
  });

  describe('the event log', () => {
    it('is offered in the header to reviewers and admins only, and refused to others (403)', async () => {
      expect((await reviewer.get('/agreements')).body).toContain('href="/events"');
      for (const caller of [f.leadFinance, f.analyst, f.commissioner]) {
        const visitor = new WebVisitor(ledger);
        await visitor.signIn(caller);
        expect((await visitor.get('/agreements')).body).not.toContain('href="/events"');
        expect((await visitor.get('/events')).statusCode).toBe(403);
        expect((await visitor.get('/events/1')).statusCode).toBe(403);
        expect((await visitor.get('/events/verify')).statusCode).toBe(403);
      }
      const admin = new WebVisitor(ledger);
      await admin.signIn(f.admin);
      expect((await admin.get('/events')).statusCode).toBe(200);
    });

    it('lists 50 events a page, oldest first, paged forward and back', async () => {
      // The worked scenario's events and the 40 referrals: more than 50.
      expect(everyEvent.length).toBeGreaterThan(50);
      const first = await reviewer.get('/events');
      expect(first.statusCode).toBe(200);
      const rows = [...first.body.matchAll(/href="\/events\/(\d+)"/g)].map((m) => Number(m[1]));
      expect(rows).toEqual(everyEvent.slice(0, 50).map((event) => event.position));
      expect(first.body).toContain('href="/events?after=50"');
      const second = await reviewer.get('/events?after=50');
      const more = [...second.body.matchAll(/href="\/events\/(\d+)"/g)].map((m) => Number(m[1]));
      expect(more).toEqual(everyEvent.slice(50, 100).map((event) => event.position));
      expect(second.body).toContain('<title>Event log (page 2)');
      expect(second.body).toContain('href="/events"');
    });

    it.each([
      ['type=PeriodClosed', (e: ApiEvent) => e.type === 'PeriodClosed'],
      [
        `stream=agreement-${f.AGREEMENT_ID}`,
        (e: ApiEvent) => e.streamId === `agreement-${f.AGREEMENT_ID}`,
      ],
      [
        `subject=${f.commissioner.subject}`,
        (e: ApiEvent) => e.metadata.actor.subject === f.commissioner.subject,
      ],
    ])('filters by %s as the API’s events filtered by hand', async (query, keep) => {
      const expected = everyEvent.filter(keep).map((event) => event.position);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(50);
      const page = await reviewer.get(`/events?${query}`);
      expect(page.statusCode).toBe(200);
      const rows = [...page.body.matchAll(/href="\/events\/(\d+)"/g)].map((m) => Number(m[1]));
      expect(rows).toEqual(expected);
      expect(page.body).toContain('Events matching the filters');
      expect(page.body).not.toContain('nhsuk-pagination');
    });

    it('filters by the time each event was recorded, both ends included', async () => {
      const from = everyEvent[4].metadata.recordedAt;
      const to = everyEvent[9].metadata.recordedAt;
      const expected = everyEvent
        .filter((event) => event.metadata.recordedAt >= from && event.metadata.recordedAt <= to)
        .map((event) => event.position);
      const page = await reviewer.get(
        `/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      const rows = [...page.body.matchAll(/href="\/events\/(\d+)"/g)].map((m) => Number(m[1]));
      expect(rows).toEqual(expected);
      expect(rows).toContain(5);
      expect(rows).toContain(10);
    });

    it('names a time it cannot read in the error summary and by its field (400)', async () => {
      const page = await reviewer.get('/events?from=yesterday&to=2025-10-15T09:00:00Z');
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('<title>Error: Event log');
      expect(page.body).toContain('href="#from"');
      expect(page.body).toContain(
        'Enter “Recorded from” as an ISO 8601 time, for example 2025-10-15T09:00:00Z',
      );
      const backwards = await reviewer.get(
        '/events?from=2025-10-15T09:00:00Z&to=2025-10-14T09:00:00Z',
      );
      expect(backwards.statusCode).toBe(400);
      expect(backwards.body).toContain('href="#to"');
    });

    it("shows an event with the audit metadata of the API's /v1/events", async () => {
      const event = await apiEventAt(2);
      const page = await reviewer.get('/events/2');
      expect(page.statusCode).toBe(200);
      const { actor, correlationId, causationId, idempotencyKey } = event.metadata;
      expect(mainTextOf(page.body)).toContain(
        `Subject ${actor.subject} Role ${actor.role} Organisation ${actor.organisationCode} ` +
          `Correlation id ${correlationId} Causation id ${causationId} ` +
          `Idempotency key ${idempotencyKey ?? 'None'}`,
      );
      expect(mainTextOf(page.body)).toContain('Event 2 BudgetAllocated');
      expect((await reviewer.get('/events/99999')).statusCode).toBe(404);
      expect((await reviewer.get('/events/0')).statusCode).toBe(404);
    });
  });

  describe('the hash-chain check', () => {
    it('holds over every event, naming the head and its hash', async () => {
      const page = await reviewer.get('/events/verify');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('The hash chain holds');
      const head = everyEvent[everyEvent.length - 1];
      const text = mainTextOf(page.body);
      expect(text).toContain(`Events checked ${head.position}`);
      expect(text).toContain(`Last event checked Event ${head.position}`);
      expect(text).toContain(`Its hash (the head) ${head.metadata.hashChain!.hash}`);
    });

    it('names the first broken position once an event is changed, and shows its data as text', async () => {
      // An insider edits the allocation (position 2) in the file itself.
      const raw = new Database(join(ledger.dataDir, 'ledger.sqlite'));
      const changed = raw
        .prepare(
          `UPDATE events SET data = json_set(data, '$.allocationId', '<b>alloc-1</b>') WHERE position = 2`,
        )
        .run().changes;
      raw.close();
      expect(changed).toBe(1);
      const page = await reviewer.get('/events/verify');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('The hash chain is broken');
      const text = mainTextOf(page.body);
      expect(text).toContain('First broken position 2');
      expect(text).toContain(`Stream agreement-${f.AGREEMENT_ID}`);
      expect(text).toContain('Events checked before it 1');
      expect(page.body).toContain('href="/events/2"');
      const event = await reviewer.get('/events/2');
      expect(event.body).toContain('&lt;b&gt;alloc-1&lt;/b&gt;');
      expect(event.body).not.toContain('<b>alloc-1</b>');
    });
  });
});

import { fixedClock, LedgerReports } from '@ledger/commands';
import { SqliteEventStore, type Actor } from '@ledger/event-store';
import {
  catchUp,
  InlineProjection,
  SqliteReadModelWriter,
  SqlProjector,
} from '@ledger/read-model/sql';
import Database from 'better-sqlite3';
import { ms as twoFigures, ratio, whole } from '../report/format';
import { BENCH_NOW } from '../support/ledger-world';
import { tempSqlite } from '../support/temp-store';
import { timed } from '../support/timing';
import { prefillHistory } from '../synthetic/history-prefill';
import type { Measurement } from './measurement';

const QUERY_P99_MS = 5;
const REVIEWER: Actor = { subject: 'bench-reviewer', role: 'reviewer', organisationCode: null };

/** The p-th percentile (0–100) of the latencies, nearest rank. */
function percentile(latencies: readonly number[], p: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function latencies(runs: number, query: (run: number) => unknown) {
  for (let run = 0; run < Math.min(20, runs); run += 1) await query(run); // warm-up
  const ms: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await query(run);
    ms.push(performance.now() - started);
  }
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

export const reportQueriesMeasurement: Measurement = {
  name: 'queries',
  title: 'Report queries',
  profileKeys: ['queries'],

  async run(context) {
    const events = context.options.quick ? 100_000 : 1_000_000;
    const runs = context.options.quick ? 100 : 300;
    return withReportsOver(events, context.options.seed, 'queries', async (world) => {
      const { reports, readModelFile } = world;
      context.log(
        `queries: ${whole(events)} events written in ${(world.fillMs / 1000).toFixed(1)} s, projected in ${(world.projectMs / 1000).toFixed(1)} s`,
      );
      const raw = new Database(readModelFile, { readonly: true });
      try {
        const balances = raw
          .prepare<[], { agreement_id: string; account: string }>(
            'SELECT agreement_id, account FROM account_balances',
          )
          .all();
        const agreements = [...new Set(balances.map((row) => row.agreement_id))].sort();
        const lines = raw
          .prepare<[], { agreement_id: string; account: string; n: number }>(
            `SELECT agreement_id, account, count(*) AS n FROM statement_lines
             GROUP BY agreement_id, account ORDER BY n DESC LIMIT 1`,
          )
          .get()!;
        // Real cursors, one per line of the statement: a page may start anywhere in it, deep
        // pages as well as the first (a made-up position before its first line would always
        // read the first page).
        const cursors = raw
          .prepare<[string, string], { position: number; posting_index: number }>(
            `SELECT position, posting_index FROM statement_lines
             WHERE agreement_id = ? AND account = ? ORDER BY position, posting_index`,
          )
          .all(lines.agreement_id, lines.account)
          .map((line) => `${line.position}:${line.posting_index}`);
        const facts = raw
          .prepare<[], { n: number }>(
            'SELECT max(n) AS n FROM (SELECT count(*) AS n FROM agreement_facts GROUP BY agreement_id)',
          )
          .get()!.n;
        const pkLookup = raw.prepare(
          'SELECT * FROM account_balances WHERE agreement_id = ? AND account = ?',
        );
        const agreementOf = (run: number) => agreements[run % agreements.length];
        const asOf = BENCH_NOW.slice(0, 10);
        const measured = [
          {
            query:
              'balances (agreement, asOf, both period bases summed from account_period_totals)',
            ...(await latencies(runs, (run) =>
              reports.balances(REVIEWER, agreementOf(run), { asOf }),
            )),
          },
          {
            query: `statement page of 100 lines after a cursor (longest statement: ${whole(lines.n)} lines)`,
            ...(await latencies(runs, (run) =>
              reports.statement(REVIEWER, lines.agreement_id, lines.account, {
                limit: 100,
                after: cursors[(run * 7919) % cursors.length],
              }),
            )),
          },
          {
            query: `OAP metrics (folds the agreement's facts: up to ${whole(facts)} events)`,
            ...(await latencies(Math.max(20, runs / 10), (run) =>
              reports.oapMetrics(REVIEWER, agreementOf(run), { asOf }),
            )),
          },
        ];
        const baseline = await latencies(runs * 10, (run) => {
          const row = balances[run % balances.length];
          return pkLookup.get(row.agreement_id, row.account);
        });
        return {
          name: 'queries',
          title: 'Report queries',
          method: [
            `The head-report path the API takes in embedded mode (LedgerReports with the SQLite ` +
              `read model and its inline catch-up, authorisation included, no HTTP) on a log of ` +
              `${whole(events)} events of the "Scaling" synthetic history (48 agreements, every ` +
              `ended month of each closed), projected into a fresh read model first (not timed). ` +
              `${whole(runs)} queries of each kind after a warm-up, agreements taken in turn; OAP ` +
              `metrics a tenth as many, as each folds a whole agreement.`,
            `The statement page is read on the longest statement in the read model: ` +
              `${whole(lines.n)} lines, account ${lines.account} of ${lines.agreement_id}, its ` +
              `lines posted by the month closes. Each page starts after the cursor of a line ` +
              `taken across the whole statement (line k×7919 mod ${whole(lines.n)} for query k), ` +
              `so deep pages are read as well as the first.`,
            `Baseline, same run and same database file: a primary-key lookup of one balance row with ` +
              `better-sqlite3.`,
          ],
          tables: [
            {
              header: ['query', 'p50 (ms)', 'p99 (ms)', 'p99 ratio to the primary-key lookup'],
              rows: [
                ...measured.map((m) => [
                  m.query,
                  twoFigures(m.p50),
                  twoFigures(m.p99),
                  ratio(m.p99, baseline.p99),
                ]),
                [
                  'baseline: primary-key lookup',
                  twoFigures(baseline.p50),
                  twoFigures(baseline.p99),
                  '1×',
                ],
              ],
            },
          ],
          targets: measured.map((m) => ({
            target: `${m.query.split(' (')[0]} p99 ≤ ${QUERY_P99_MS} ms at ${whole(events)} events`,
            measured: `${twoFigures(m.p99)} ms`,
            met: m.p99 <= QUERY_P99_MS,
            profileKey: 'queries',
          })),
          notes: [
            'Knowledge-time queries (knownAt) replay the log instead and are not measured here: they are O(position).',
          ],
        };
      } finally {
        raw.close();
      }
    });
  },

  /** OAP metrics, the query that misses, on a smaller history: 30 queries, agreements in turn. */
  async profile(context, _key, markStart) {
    await withReportsOver(
      PROFILE_EVENTS,
      context.options.seed,
      'queries-profile',
      async (world) => {
        const raw = new Database(world.readModelFile, { readonly: true });
        const agreements = raw
          .prepare<[], string>('SELECT DISTINCT agreement_id FROM agreement_facts ORDER BY 1')
          .pluck()
          .all();
        raw.close();
        const asOf = BENCH_NOW.slice(0, 10);
        await world.reports.oapMetrics(REVIEWER, agreements[0], { asOf }); // warm-up
        markStart();
        for (let run = 0; run < 30; run += 1) {
          await world.reports.oapMetrics(REVIEWER, agreements[run % agreements.length], { asOf });
        }
      },
    );
  },
};

interface ReportsWorld {
  reports: LedgerReports;
  readModelFile: string;
  fillMs: number;
  projectMs: number;
}

/**
 * `events` events of synthetic history in a temporary SQLite log, projected into a fresh read
 * model beside it (neither timed by the caller), and the API's head-report path over both:
 * LedgerReports with the read model and its inline catch-up, as `npm start` runs it.
 */
async function withReportsOver<T>(
  events: number,
  seed: number,
  label: string,
  work: (world: ReportsWorld) => Promise<T>,
): Promise<T> {
  const log = tempSqlite(label);
  const readModelFile = `${log.path}.read-model`;
  try {
    const { ms: fillMs } = await timed(() => prefillHistory(log.path, events, seed));
    const store = new SqliteEventStore(log.path, { readOnly: true });
    const writer = new SqliteReadModelWriter(readModelFile, { synchronous: 'NORMAL' });
    try {
      await writer.migrate();
      const { ms: projectMs } = await timed(() => catchUp(store, new SqlProjector(writer)));
      const inline = new InlineProjection(store, new SqlProjector(writer));
      const reports = new LedgerReports({
        store,
        clock: fixedClock(BENCH_NOW),
        readModel: { reader: writer, catchUp: () => inline.catchUp() },
      });
      return await work({ reports, readModelFile, fillMs, projectMs });
    } finally {
      await writer.close();
      await store.close();
    }
  } finally {
    log.remove();
  }
}

/** Events in the history the profile of the queries runs on. */
const PROFILE_EVENTS = 100_000;

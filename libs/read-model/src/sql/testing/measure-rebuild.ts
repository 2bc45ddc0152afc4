/**
 * Measures a rebuild of the SQL read model (not a test, no assertion):
 *
 *   node -r @swc-node/register libs/read-model/src/sql/testing/measure-rebuild.ts prepare DIR [EVENTS]
 *   node -r @swc-node/register libs/read-model/src/sql/testing/measure-rebuild.ts postgres DIR
 *   node -r @swc-node/register libs/read-model/src/sql/testing/measure-rebuild.ts sqlite DIR
 *
 * `prepare` writes a history through the deciders once (about 2,900 events: 4 agreements,
 * 12 months, closes with prior-period adjustments and savings), then copies it with renamed
 * agreement and case ids until the log holds EVENTS events (default 100,000): every copy is
 * what the deciders wrote, so the postings are realistic. Each rebuild runs in its own process,
 * so its peak RSS is its own. PostgreSQL: LEDGER_TEST_POSTGRES_URL or the local one.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { InMemoryEventStore, SqliteEventStore, type StreamAppend } from '@ledger/event-store';
import { PostgresReadModelWriter } from '../postgres/postgres-read-model-writer';
import { SqliteReadModelWriter } from '../sqlite/sqlite-read-model-writer';
import { catchUp, SqlProjector } from '../sql-projector';
import type { ReadModelWriter } from '../read-model-writer.port';
import { writeSimulatedHistory } from '../../testing/simulated-history';
import { dropSchemas, TEST_POSTGRES_URL } from './postgres-test-schema';

async function prepare(dir: string, target: number): Promise<void> {
  const template = new InMemoryEventStore();
  await writeSimulatedHistory(template, { agreements: 4, months: 12, adjustmentsPerMonth: 50 });
  const events = await template.readAll();
  rmSync(join(dir, 'ledger.sqlite'), { force: true });
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
  let written = 0;
  for (let copy = 0; written < target; copy += 1) {
    const rename = (text: string) => text.replaceAll('rm-', `c${copy}m-`);
    const batches: StreamAppend[] = [];
    for (const event of events.slice(0, target - written)) {
      const last = batches[batches.length - 1];
      const streamId = rename(event.streamId);
      const toAppend = {
        eventId: `${copy}-${event.eventId}`.slice(0, 36),
        type: event.type,
        data: JSON.parse(rename(JSON.stringify(event.data))) as typeof event.data,
        metadata: { ...event.metadata, hashChain: undefined },
      };
      delete toAppend.metadata.hashChain;
      if (last?.streamId === streamId) last.events.push(toAppend);
      else batches.push({ streamId, events: [toAppend], options: { expectedRevision: 'any' } });
    }
    await store.appendToStreams(batches);
    written += batches.reduce((sum, batch) => sum + batch.events.length, 0);
  }
  console.log(`prepared ${await store.headPosition()} events in ${dir}/ledger.sqlite`);
  await store.close();
}

async function measure(dialect: 'postgres' | 'sqlite', dir: string): Promise<void> {
  const store = new SqliteEventStore(join(dir, 'ledger.sqlite'), { readOnly: true });
  const schema = `measure_rebuild_${process.pid}`;
  const sqliteFile = join(dir, 'read-model.sqlite');
  rmSync(sqliteFile, { force: true });
  const writer: ReadModelWriter =
    dialect === 'postgres'
      ? new PostgresReadModelWriter({ connectionString: TEST_POSTGRES_URL, schema })
      : new SqliteReadModelWriter(sqliteFile);
  try {
    await writer.migrate();
    const started = process.hrtime.bigint();
    const head = await catchUp(store, new SqlProjector(writer), { batchSize: 500 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    const postings = (await writer.journal()).length;
    console.log(
      JSON.stringify({
        dialect,
        events: head,
        postings,
        seconds: Number(seconds.toFixed(2)),
        eventsPerSecond: Math.round(head / seconds),
        peakRssMiB,
      }),
    );
  } finally {
    await writer.close();
    await store.close();
    if (dialect === 'postgres') await dropSchemas(schema);
  }
}

const [mode, dir, events] = process.argv.slice(2);
const done =
  mode === 'prepare'
    ? prepare(dir, Number(events ?? 100_000))
    : measure(mode === 'postgres' ? 'postgres' : 'sqlite', dir);
done.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

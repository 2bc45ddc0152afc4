import { statSync } from 'node:fs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import {
  APPEND_SECONDS_BUCKETS,
  createMetricsRegistry,
  GROUP_SIZE_BUCKETS,
  HTTP_SECONDS_BUCKETS,
} from './registry';

/** How a write ended: recorded, answered from its Idempotency-Key, or its problem code. */
export type CommandOutcome = 'accepted' | 'replayed' | (string & {});

/** One answered HTTP request. */
export interface ObservedRequest {
  method: string;
  /** The route's pattern (`/v1/agreements/:agreementId`), never the raw URL. */
  route: string;
  status: number;
  seconds: number;
}

export interface ApiMetricsOptions {
  /**
   * The SQLite log's write-ahead log (`<ledger file>-wal`): its size is read on each scrape
   * (0 while absent). Leave it out on the other stores: the series is then not exported.
   */
  walFile?: string | null;
}

/**
 * The API's series. Everything is observed by the API's own hooks (HTTP, writes, the store's
 * appends and group commits); the head position and the WAL size are read when scraped.
 */
export class ApiMetrics {
  readonly registry: Registry;
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpSeconds: Histogram<'method' | 'route' | 'status'>;
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly appendSeconds: Histogram;
  private readonly groupCommitSeconds: Histogram;
  private readonly groupCommitAppends: Histogram;
  private headPosition: (() => Promise<number>) | null = null;

  constructor(registry: Registry = createMetricsRegistry(), options: ApiMetricsOptions = {}) {
    this.registry = registry;
    const registers = [registry];
    this.httpRequests = new Counter({
      name: 'ledger_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status (GET /metrics excluded).',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: 'ledger_http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to answering it, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_SECONDS_BUCKETS,
      registers,
    });
    this.commands = new Counter({
      name: 'ledger_commands_total',
      help:
        'Write requests by ledger command type and outcome: accepted, replayed (an Idempotency-Key ' +
        'answered again), or the problem code that refused it, wherever it was refused.',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.appendSeconds = new Histogram({
      name: 'ledger_event_store_append_duration_seconds',
      help: 'Time an append took as the command waited for it, queueing for its group commit included.',
      buckets: APPEND_SECONDS_BUCKETS,
      registers,
    });
    this.groupCommitSeconds = new Histogram({
      name: 'ledger_event_store_group_commit_duration_seconds',
      help: 'Time of one SQLite group commit: its transaction, checks, inserts and fsync.',
      buckets: APPEND_SECONDS_BUCKETS,
      registers,
    });
    this.groupCommitAppends = new Histogram({
      name: 'ledger_event_store_group_commit_appends',
      help: 'Appends committed together in one SQLite transaction (one fsync).',
      buckets: GROUP_SIZE_BUCKETS,
      registers,
    });
    const headSource = () => this.headPosition;
    new Gauge({
      name: 'ledger_event_store_head_position',
      help: 'Position of the last event in the log, read when scraped (NaN if the store does not answer).',
      registers,
      async collect() {
        const read = headSource();
        if (read !== null) this.set(await read().catch(() => Number.NaN));
      },
    });
    const walFile = options.walFile ?? null;
    if (walFile !== null) {
      new Gauge({
        name: 'ledger_event_store_wal_size_bytes',
        help: 'Size of the SQLite log write-ahead log (<ledger file>-wal), read when scraped; 0 while absent.',
        registers,
        collect() {
          this.set(fileSize(walFile));
        },
      });
    }
  }

  /** Where the head position is read from on each scrape: the API's store. */
  watchHead(headPosition: () => Promise<number>): void {
    this.headPosition = headPosition;
  }

  observeRequest({ method, route, status, seconds }: ObservedRequest): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpSeconds.observe(labels, seconds);
  }

  countCommand(type: string, outcome: CommandOutcome): void {
    this.commands.inc({ type, outcome });
  }

  observeAppend(seconds: number): void {
    this.appendSeconds.observe(seconds);
  }

  /** The SQLite store's group-commit observer (`onGroupCommit`). */
  observeGroupCommit(appends: number, seconds: number): void {
    this.groupCommitAppends.observe(appends);
    this.groupCommitSeconds.observe(seconds);
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** The file's size; 0 when it does not exist, NaN when it cannot be looked at. */
function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 0 : Number.NaN;
  }
}

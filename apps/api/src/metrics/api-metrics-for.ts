import { join } from 'node:path';
import type { ApiConfig } from '@ledger/config';
import { SQLITE_FILE_NAME } from '@ledger/event-store/configured';
import { ApiMetrics, createMetricsRegistry } from '@ledger/telemetry/metrics';

/**
 * The API process's metrics: its series on a registry of its own, with Node's process metrics,
 * and the SQLite log's WAL size when the log is a SQLite file.
 */
export function apiMetricsFor(config: ApiConfig): ApiMetrics {
  const walFile =
    config.store.eventStore === 'sqlite'
      ? `${join(config.store.dataDir, SQLITE_FILE_NAME)}-wal`
      : null;
  return new ApiMetrics(createMetricsRegistry({ processMetrics: true }), { walFile });
}

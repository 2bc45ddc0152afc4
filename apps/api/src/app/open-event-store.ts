import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '@ledger/commands';
import { InMemoryEventStore, SqliteEventStore, type EventStore } from '@ledger/event-store';
import { ConfigError, type LedgerConfig } from '../config/ledger-config';

export const SQLITE_FILE_NAME = 'ledger.sqlite';

/** Opens the configured store; a data directory that cannot be used stops the boot, named. */
export function openEventStore(config: LedgerConfig, clock: Clock): EventStore {
  const recordedAt = (): Date => clock.now();
  if (config.eventStore === 'memory') return new InMemoryEventStore({ clock: recordedAt });
  try {
    mkdirSync(config.dataDir, { recursive: true });
    return new SqliteEventStore(join(config.dataDir, SQLITE_FILE_NAME), { clock: recordedAt });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      'LEDGER_DATA_DIR',
      `(${config.dataDir}) cannot hold the ledger: ${reason}`,
    );
  }
}

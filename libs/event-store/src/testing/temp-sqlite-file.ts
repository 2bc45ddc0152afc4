import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A SQLite file path in its own temporary folder; `remove()` deletes the folder with its WAL files. */
export function aTempSqliteFile(prefix = 'event-store-'): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    path: join(dir, 'events.sqlite'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

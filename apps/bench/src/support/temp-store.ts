import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder in os.tmpdir() for one SQLite file and its WAL; `remove()` deletes it all. */
export interface TempSqlite {
  dir: string;
  path: string;
  remove(): void;
}

export function tempSqlite(label: string): TempSqlite {
  const dir = mkdtempSync(join(tmpdir(), `ledger-bench-${label}-`));
  return {
    dir,
    path: join(dir, 'events.sqlite'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

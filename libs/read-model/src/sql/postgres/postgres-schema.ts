/**
 * Read-model schema names are set by operators and tests (`ledger_read`, a test's own schema,
 * `ledger_read_rebuild_20250101120000000`), and they are interpolated into SQL, so they are
 * checked first: lower-case letters, digits and underscores, at most 36 characters, so that a
 * rebuild's suffix still fits PostgreSQL's 63.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,35}$/;
const REBUILD_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isReadModelSchemaName(name: string): boolean {
  return SCHEMA_NAME.test(name);
}

export function assertSchemaName(name: string, rebuild = false): string {
  if (!(rebuild ? REBUILD_SCHEMA_NAME : SCHEMA_NAME).test(name)) {
    throw new RangeError(
      `"${name}" is not a read-model schema name: use lower-case letters, digits and ` +
        `underscores, starting with a letter or underscore, at most ${rebuild ? 63 : 36} characters`,
    );
  }
  return name;
}

/** The quoted identifier of a checked schema name. */
export function quoted(schema: string): string {
  return `"${assertSchemaName(schema, true)}"`;
}

/** `<schema>_rebuild_<UTC timestamp to the millisecond>`: a fresh schema name for a rebuild. */
export function rebuildSchemaName(schema: string, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:T.Z]/g, '');
  return `${assertSchemaName(schema)}_rebuild_${stamp}`;
}

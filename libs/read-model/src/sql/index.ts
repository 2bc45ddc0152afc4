/**
 * The SQL read model (journal of postings and account balances), kept apart from the pure
 * folds' entry point so that importing `@ledger/read-model` never loads a database driver.
 */
export * from './read-model-rows';
export * from './read-model-writer.port';
export * from './read-model-migrations';
export * from './sql-projector';
export * from './read-model-comparison';
export * from './sqlite/sqlite-read-model-writer';
export * from './sqlite/sqlite-compare';
export * from './sqlite/sqlite-rebuild';
export * from './postgres/postgres-schema';
export * from './postgres/postgres-read-model-writer';
export * from './postgres/postgres-read-model-reader';
export * from './postgres/postgres-compare';
export * from './postgres/postgres-rebuild';
export * from './inline-projection';
export * from './embedded-read-model';

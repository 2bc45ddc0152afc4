import { repositoryMigrationsDir } from '@ledger/event-store/migration-runner';

/**
 * The read model's bookkeeping tables, as the first runners named them: in the SQLite file,
 * and in the read model's PostgreSQL schema. Both are written by the repository's one
 * migration runner (`@ledger/event-store/migration-runner`).
 */
export const READ_MODEL_MIGRATIONS_TABLE = {
  sqlite: 'read_model_migrations',
  postgres: 'schema_migrations',
} as const;

/**
 * The repository's `migrations/read-model/<dialect>` folder (works from the TypeScript sources
 * and from the compiled `dist/` tree).
 */
export function defaultReadModelMigrationsDir(dialect: 'sqlite' | 'postgres'): string {
  return repositoryMigrationsDir(`read-model/${dialect}`);
}

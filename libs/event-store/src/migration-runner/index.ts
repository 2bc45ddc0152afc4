export * from './migration-runner';
export * from './sqlite-migration-runner';
export * from './postgres-migration-runner';

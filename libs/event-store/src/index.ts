export * from './event-store.port';
export * from './event-store.errors';
export * from './in-memory';
export * from './sqlite';
export { assertExpectedRevision } from './append/expected-revision';
export * from './integrity';

export * from './event-store.contract';
export * from './event-store-harness';
export * from './event-fixtures';
export * from './eventually';
export * from './temp-sqlite-file';

export * from './bulk-import';
export * from './import-line';
export * from './staged-event-store';

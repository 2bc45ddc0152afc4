export * from './ledger-organisations';
export * from './report-organisations';
export * from './organisation-document';

export * from './ledger-reports';
export * from './report-csv';
export * from './report-errors';
export * from './await-position';

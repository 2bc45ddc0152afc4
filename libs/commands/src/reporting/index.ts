export * from './ledger-reports';
export * from './report-csv';
export * from './report-document';
export * from './report-errors';
export * from './report-xlsx';
export * from './await-position';
export * from './management-accounts';
export * from './management-accounts-document';

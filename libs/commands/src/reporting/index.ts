export * from './ledger-reports';
export * from './report-csv';
export * from './report-document';
export * from './report-errors';
export * from './report-xlsx';
export * from './await-position';
export * from './chain-report';
export * from './chain-report-document';

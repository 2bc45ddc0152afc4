export * from './month-end-movements';
export * from './management-accounts';
export * from './month-end-sql';
export * from './month-end-sources';

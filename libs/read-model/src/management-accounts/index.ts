export * from './month-end-movements';
export * from './management-accounts';

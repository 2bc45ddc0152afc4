export * from './ledger-spans';

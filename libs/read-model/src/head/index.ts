export * from './read-model-reader.port';
export * from './head-reports';
export * from './chain-walk';

export * from './read-model-reader.port';
export * from './head-reports';

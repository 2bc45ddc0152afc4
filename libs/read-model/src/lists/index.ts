export * from './list-rows';
export * from './list-query';

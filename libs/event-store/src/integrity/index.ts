export * from './canonical-json';
export * from './canonical-event';
export * from './verify-chain';

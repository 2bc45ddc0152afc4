export * from './canonical-event';
export * from './verify-chain';

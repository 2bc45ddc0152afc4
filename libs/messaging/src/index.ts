export * from './topics/json-schema';
export * from './topics/ledger-topics';
export * from './messages/outbound-message';
export * from './messages/integration-event';
export * from './messages/ledger-messages';
export * from './validation/message-validator';
export * from './kafka/ledger-publisher';
export * from './relay/ledger-relay';

export * from './eventstoredb-event-store';
export * from './eventstoredb-connection';
export { MultiStreamAppendNotSupportedError } from './esdb-errors';
export type { ResubscribeAttempt, ResubscribeSettings } from './resubscribing-subscription';

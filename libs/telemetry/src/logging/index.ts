export * from './log-levels';
export * from './create-logger';
export * from './redact-log-line';
export * from './redacting-destination';
export * from './nest-logger';

export * from './configured-event-store';

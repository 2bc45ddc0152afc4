/**
 * Telemetry shared by the API, the projector, the relay and the CLI: JSON logs with NHS-number
 * redaction (logging/), Prometheus metrics (metrics/) and OpenTelemetry traces (tracing/).
 */
export {};
export * from './tracing';

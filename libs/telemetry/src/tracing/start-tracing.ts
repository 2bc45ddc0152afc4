/** What `startTracing` needs to know; `loadTracingConfig` (`@ledger/config`) gives `enabled`. */
export interface TracingOptions {
  /**
   * The process's `service.name` (`ledger-api`, `ledger-projector`, `ledger-relay`), unless
   * `OTEL_SERVICE_NAME` or `OTEL_RESOURCE_ATTRIBUTES` names another.
   */
  service: string;
  /** Whether any OTEL_* setting asks for traces. Off: nothing is loaded or started. */
  enabled: boolean;
}

/** Flushes the spans still buffered and stops the SDK; harmless when tracing is off. */
export type StopTracing = () => Promise<void>;

const NOTHING_TO_STOP: StopTracing = () => Promise.resolve();

/**
 * Starts OpenTelemetry tracing for this process when `enabled`, else does nothing at all: no
 * SDK is loaded, `@opentelemetry/api` stays the no-op it is by default, and every span the
 * libs start costs a function call.
 *
 * On, it starts the SDK (`NodeSDK`), which reads the standard `OTEL_*` variables itself: the
 * exporter (`OTEL_TRACES_EXPORTER`, default `otlp`, with a batch span processor), its endpoint
 * and protocol (`OTEL_EXPORTER_OTLP_*`), the sampler (`OTEL_TRACES_SAMPLER`), batching
 * (`OTEL_BSP_*`), the propagators (`OTEL_PROPAGATORS`, default W3C trace context and baggage)
 * and resource attributes. It registers an AsyncLocalStorage context manager, so a span started
 * in a request is the parent of every span started while serving it. Traces only: no metrics
 * (Prometheus has those) and no logs (pino has those), whatever OTEL_METRICS_EXPORTER or
 * OTEL_LOGS_EXPORTER say; and no auto-instrumentation: the spans are the ledger's own.
 *
 * Call it first in `main`, and the returned function when the process stops, so the last spans
 * are exported.
 */
export async function startTracing(options: TracingOptions): Promise<StopTracing> {
  if (!options.enabled) return NOTHING_TO_STOP;
  // Loaded only when on: the SDK and its exporters take a few hundred milliseconds to load.
  const [{ NodeSDK }, { defaultResource, resourceFromAttributes }, { ATTR_SERVICE_NAME }] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
    ]);
  const sdk = new NodeSDK({
    // The service name is the base; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env
    // detector, merged over it) win, and the host and process detectors add their attributes.
    resource: defaultResource().merge(
      resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }),
    ),
    autoDetectResources: true,
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  let stopped: Promise<void> | null = null;
  return () => (stopped ??= sdk.shutdown().catch(() => undefined));
}

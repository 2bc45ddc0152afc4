import { context, propagation, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';

/** A test's tracer: every span ended is kept in memory, in the order it ended. */
export interface InMemoryTracing {
  /** The spans ended so far. */
  spans(): ReadableSpan[];
  /** Forgets the spans ended so far. */
  reset(): void;
  /** Unregisters the provider, the context manager and the propagator. */
  stop(): Promise<void>;
}

/**
 * Registers a tracer provider for a test, as `startTracing` does for a process (the
 * AsyncLocalStorage context manager and the W3C trace-context propagator), but exporting each
 * span as it ends to memory (InMemorySpanExporter through a SimpleSpanProcessor). One per test
 * file: call it in beforeAll and stop it in afterAll.
 */
export function startInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  return {
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    stop: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The span's parent span id, or undefined for a root span. */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The one span named `name`; throws, listing what there is, if there is none or several. */
export function onlySpan(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) {
    throw new Error(
      `expected one span named ${name}, found ${found.length} among: ${spans.map((span) => span.name).join(', ')}`,
    );
  }
  return found[0];
}

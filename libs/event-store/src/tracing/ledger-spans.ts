import {
  context,
  createContextKey,
  SpanStatusCode,
  trace,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';

/**
 * How the libs trace, through `@opentelemetry/api` only: the SDK, if any, is the process's to
 * start (`startTracing`, `@ledger/telemetry`). Without one every span is the API's no-op.
 * Here, because every lib that traces builds on the event store.
 *
 * Attributes name ids, counts, positions, types and codes. Never a request body, an event's
 * data or an error message (which may quote what a caller sent): no NHS number can reach a span.
 */
export const LedgerAttributes = {
  COMMAND_TYPE: 'ledger.command.type',
  STREAM_ID: 'ledger.stream.id',
  EVENTS_COUNT: 'ledger.events.count',
  FIRST_POSITION: 'ledger.position.first',
  LAST_POSITION: 'ledger.position.last',
  ERROR_CODE: 'ledger.error.code',
} as const;

/** The tracer of one lib, e.g. `ledgerTracer('@ledger/commands')`. */
export function ledgerTracer(lib: string): Tracer {
  return trace.getTracer(lib);
}

/**
 * Runs `work` in a new span, the active one while it runs (so spans started inside are its
 * children), and ends the span when the promise settles. A failure marks it ERROR (see
 * recordFailure) and is rethrown as it was.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Runs `work` in a new span that is never made the active one: for a leaf, inside which no span
 * is started (or whose spans need not be its children). The span is the active span's child
 * all the same; it only saves making a context for it (AsyncLocalStorage's `run`), which every
 * request would pay for each leaf.
 */
export async function inLeafSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, options);
  try {
    return await work(span);
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** inLeafSpan for synchronous work. */
export function inLeafSpanSync<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  work: (span: Span) => T,
): T {
  const span = tracer.startSpan(name, options);
  try {
    return work(span);
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Marks a span failed with what kind of failure it was: `error.type` (the error's class) and
 * `ledger.error.code` (its stable code, when it has one, e.g. `AUTH.OUT_OF_SCOPE`). The
 * message is left out on purpose, and so is the stack (recordException would keep both).
 */
export function recordFailure(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const type = error instanceof Error ? error.constructor.name : typeof error;
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  span.setAttribute('error.type', type);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') span.setAttribute(LedgerAttributes.ERROR_CODE, code);
}

/**
 * The key the OpenTelemetry SDK looks for before it records a span (`suppressTracing` in
 * `@opentelemetry/core`; a context key is `Symbol.for` its description, so this is the same
 * key). The libs use `@opentelemetry/api` only, hence the copy.
 */
const SUPPRESS_TRACING = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/**
 * Runs `work` with no span recorded inside it: for work repeated so often that a span each
 * would swamp the trace (the 100,000 lines of an import, each a command of five spans). Its
 * caller's span says what it did in total instead.
 */
export function untraced<T>(work: () => T): T {
  return context.with(context.active().setValue(SUPPRESS_TRACING, true), work);
}

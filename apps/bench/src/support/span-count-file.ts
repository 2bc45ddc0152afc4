/**
 * Where the API's process, preloaded with support/discarding-tracing.ts, writes how many spans
 * it built (the telemetry measurement sets it). Its own module, so that the bench can name it
 * without loading the preload, which registers a tracer provider as it loads.
 */
export const SPAN_COUNT_FILE_SETTING = 'LEDGER_BENCH_SPAN_COUNT_FILE';

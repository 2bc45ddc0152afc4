/**
 * Loaded into the API's process by the telemetry measurement (`node -r`, before its main.ts),
 * with no OTEL_* set so startTracing starts nothing itself: registers the OpenTelemetry SDK's
 * tracer provider as startTracing's NodeSDK does (the AsyncLocalStorage context manager, the W3C
 * propagators, every trace sampled) with the SDK's batch span processor at its defaults, in front
 * of an exporter that discards each batch. Every span is built, ended and batched; none is
 * serialised or sent. On exit it writes how many spans the exporter was given to
 * LEDGER_BENCH_SPAN_COUNT_FILE, so the bench can check the spans were there.
 */
import { writeFileSync } from 'node:fs';
import { ExportResultCode } from '@opentelemetry/core';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { processEnvironment } from '@ledger/config';
import { SPAN_COUNT_FILE_SETTING } from './span-count-file';

let exported = 0;
const discarding: SpanExporter = {
  export(spans: ReadableSpan[], done) {
    exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  },
  shutdown: () => Promise.resolve(),
};

const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(discarding)] });
provider.register();

const countFile = processEnvironment()[SPAN_COUNT_FILE_SETTING];
// Written as the process exits (the API stops with process.exit): the spans still queued in the
// batch processor then, a few hundred at most, are not counted.
if (countFile) {
  process.once('exit', () => {
    try {
      writeFileSync(countFile, String(exported));
    } catch {
      // The bench then reports 0 spans built: never worth failing the API's exit over.
    }
  });
}

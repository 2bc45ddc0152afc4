import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in OpenTelemetry collector: an OTLP/HTTP endpoint (protobuf, the SDK's default
 * protocol) on 127.0.0.1 that accepts every export, counts its spans by service and name, and
 * throws the rest away. The tests point a process at it to see what it exported; the bench
 * points the API at it so tracing costs what it costs against a real collector (spans built,
 * batched, serialised and sent) without one.
 */
export class OtlpSink {
  /** Spans received, by `service.name` then span name. */
  readonly spans = new Map<string, Map<string, number>>();
  /** Export requests received, and their bytes. */
  requests = 0;
  bytes = 0;
  /** Requests received by path: `/v1/traces`, and `/v1/metrics` or `/v1/logs` if anything sent those. */
  readonly paths = new Map<string, number>();

  /** The trace ids seen, when started with `keepTraceIds` (a test's few; not a bench's millions). */
  readonly traceIds = new Set<string>();

  private constructor(
    private readonly server: Server,
    private readonly keepTraceIds: boolean,
  ) {}

  static async start(options: { keepTraceIds?: boolean } = {}): Promise<OtlpSink> {
    const server = createServer();
    const sink = new OtlpSink(server, options.keepTraceIds ?? false);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        sink.requests += 1;
        sink.bytes += body.length;
        const path = request.url ?? '';
        sink.paths.set(path, (sink.paths.get(path) ?? 0) + 1);
        if (request.url === '/v1/traces') sink.record(body);
        // An empty ExportTraceServiceResponse: everything accepted.
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  /** The traces endpoint, for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  get tracesEndpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/traces`;
  }

  /** Spans received in all, or from one service. */
  spanCount(service?: string): number {
    let count = 0;
    for (const [name, byName] of this.spans) {
      if (service !== undefined && name !== service) continue;
      for (const n of byName.values()) count += n;
    }
    return count;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * ExportTraceServiceRequest: resource_spans (1) → resource (1), scope_spans (2) → spans (2)
   * → trace_id (1), name (5).
   */
  private record(body: Buffer): void {
    for (const resourceSpans of fieldsOf(body, 1)) {
      const service = serviceNameOf(resourceSpans) ?? 'unknown';
      let byName = this.spans.get(service);
      if (!byName) this.spans.set(service, (byName = new Map()));
      for (const scopeSpans of fieldsOf(resourceSpans, 2)) {
        for (const span of fieldsOf(scopeSpans, 2)) {
          const name = fieldsOf(span, 5)[0]?.toString('utf8') ?? '';
          byName.set(name, (byName.get(name) ?? 0) + 1);
          if (this.keepTraceIds) this.traceIds.add(fieldsOf(span, 1)[0]?.toString('hex') ?? '');
        }
      }
    }
  }
}

/** Resource (1) → attributes (1, KeyValue: key 1, value 2 → AnyValue string_value 1). */
function serviceNameOf(resourceSpans: Buffer): string | undefined {
  for (const resource of fieldsOf(resourceSpans, 1)) {
    for (const keyValue of fieldsOf(resource, 1)) {
      if (fieldsOf(keyValue, 1)[0]?.toString('utf8') !== 'service.name') continue;
      const value = fieldsOf(keyValue, 2)[0];
      return value ? fieldsOf(value, 1)[0]?.toString('utf8') : undefined;
    }
  }
  return undefined;
}

/** The length-delimited fields numbered `wanted` of one protobuf message. */
function fieldsOf(message: Buffer, wanted: number): Buffer[] {
  const found: Buffer[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = message[at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  while (at < message.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const length = varint();
      if (field === wanted) found.push(message.subarray(at, at + length));
      at += length;
    } else {
      throw new Error(`protobuf wire type ${wire} is not expected in OTLP traces`);
    }
  }
  return found;
}

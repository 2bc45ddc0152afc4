/**
 * With tracing off, startTracing loads and starts nothing: the OpenTelemetry API stays the
 * no-op it is by default (no tracer provider, no context manager, no propagator).
 */
import { context, createContextKey, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { startTracing } from './start-tracing';

const constructed = jest.fn();
jest.mock('@opentelemetry/sdk-node', () => ({
  NodeSDK: class {
    constructor(options: unknown) {
      constructed(options);
    }
    start(): void {}
    shutdown(): Promise<void> {
      return Promise.resolve();
    }
  },
}));

describe('startTracing', () => {
  it('starts nothing when tracing is off', async () => {
    const stop = await startTracing({ service: 'ledger-api', enabled: false });
    expect(constructed).not.toHaveBeenCalled();
    const span = trace.getTracer('test').startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe('00000000000000000000000000000000');
    // No context manager: a context set is not seen inside.
    const key = createContextKey('test');
    context.with(ROOT_CONTEXT.setValue(key, 1), () => {
      expect(context.active().getValue(key)).toBeUndefined();
    });
    // No propagator: nothing is injected.
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
    expect(headers).toEqual({});
    await expect(stop()).resolves.toBeUndefined();
  });

  it('starts the SDK for traces only when on, under the service name, and stops it once', async () => {
    const stop = await startTracing({ service: 'ledger-relay', enabled: true });
    expect(constructed).toHaveBeenCalledTimes(1);
    const options = constructed.mock.calls[0][0] as {
      resource: { attributes: Record<string, unknown> };
      metricReaders: unknown[];
      logRecordProcessors: unknown[];
      instrumentations: unknown[];
    };
    expect(options.resource.attributes['service.name']).toBe('ledger-relay');
    expect(options.metricReaders).toEqual([]);
    expect(options.logRecordProcessors).toEqual([]);
    expect(options.instrumentations).toEqual([]);
    await stop();
    await stop();
  });
});

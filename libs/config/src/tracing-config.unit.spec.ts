/** Tracing is off unless a standard OTEL_* variable asks for it; bad values are named. */
import { ConfigError, InvalidConfigError, loadTracingConfig } from './index';

describe('loadTracingConfig', () => {
  it('is off when no OTEL_* variable is set', () => {
    expect(loadTracingConfig({})).toEqual({ enabled: false });
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: ' ', OTEL_SERVICE_NAME: '' })).toEqual({
      enabled: false,
    });
  });

  it.each([
    ['OTEL_TRACES_EXPORTER', 'otlp'],
    ['OTEL_TRACES_EXPORTER', 'console'],
    ['OTEL_TRACES_EXPORTER', 'otlp,console'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://collector:4318'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'http://collector:4318/v1/traces'],
    ['OTEL_SERVICE_NAME', 'ledger-api-eu'],
  ])('is on with %s=%s', (name, value) => {
    expect(loadTracingConfig({ [name]: value })).toEqual({ enabled: true });
  });

  it('is off with OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true, whatever else is set', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadTracingConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
    expect(loadTracingConfig({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' }).enabled).toBe(false);
    expect(loadTracingConfig({ ...endpoint, OTEL_SDK_DISABLED: 'false' }).enabled).toBe(true);
  });

  it('names every value the SDK would only warn about and ignore', () => {
    let error: unknown;
    try {
      loadTracingConfig({
        OTEL_TRACES_EXPORTER: 'jaeger',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http',
        OTEL_SDK_DISABLED: 'yes',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).settings).toEqual([
      'OTEL_SDK_DISABLED',
      'OTEL_TRACES_EXPORTER',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
    ]);
    expect((error as Error).message).toContain(
      'OTEL_TRACES_EXPORTER must be one or more of otlp, console, zipkin, none (comma-separated), got "jaeger"',
    );
  });

  it('refuses none beside another exporter, and names exporters case-sensitively, as the SDK does', () => {
    expect(() => loadTracingConfig({ OTEL_TRACES_EXPORTER: 'none,otlp' })).toThrow(ConfigError);
    expect(() => loadTracingConfig({ OTEL_TRACES_EXPORTER: 'OTLP' })).toThrow(
      /OTEL_TRACES_EXPORTER/,
    );
  });
});

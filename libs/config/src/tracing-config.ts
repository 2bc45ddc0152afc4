import { ConfigError } from '@ledger/event-store/configured';
import { processEnvironment, type Environment } from './environment';
import { SettingsReader } from './settings-reader';

/**
 * Whether a process traces, from the standard OpenTelemetry variables. Tracing is off unless
 * one of them asks for it: then `startTracing` (`@ledger/telemetry`) starts the OpenTelemetry
 * SDK, and the SDK reads its own `OTEL_*` variables (exporter, endpoint, headers, sampler,
 * batch sizes, resource attributes), as every OpenTelemetry SDK does. That is the one
 * exception to "only libs/config reads the environment": this module decides on or off and
 * refuses the values the SDK would only warn about and ignore.
 */
export interface TracingSettings {
  /**
   * True when `OTEL_TRACES_EXPORTER`, `OTEL_EXPORTER_OTLP_ENDPOINT`,
   * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_SERVICE_NAME` is set, unless
   * `OTEL_TRACES_EXPORTER=none` or `OTEL_SDK_DISABLED=true`.
   */
  enabled: boolean;
}

export const TRACES_EXPORTER_SETTING = 'OTEL_TRACES_EXPORTER';
/** The exporters the SDK (`@opentelemetry/sdk-node`) can build from `OTEL_TRACES_EXPORTER`. */
export const TRACES_EXPORTERS = ['otlp', 'console', 'zipkin', 'none'] as const;
const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/** Any of these set (not blank) turns tracing on. */
const TRACING_SWITCHES = [
  TRACES_EXPORTER_SETTING,
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_SERVICE_NAME',
] as const;

/** The tracing switch of any process (API, projector, relay), naming every bad value at once. */
export function loadTracingConfig(env: Environment = processEnvironment()): TracingSettings {
  const reader = new SettingsReader(env);
  return reader.done(readTracingSettings(reader));
}

/** For a loader that reads tracing with its other settings. */
export function readTracingSettings(reader: SettingsReader): TracingSettings {
  const { env } = reader;
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const disabled = reader.read(() => sdkDisabled(value('OTEL_SDK_DISABLED')), false);
  const exporters = reader.read(() => tracesExporters(value(TRACES_EXPORTER_SETTING)), ['otlp']);
  for (const setting of ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']) {
    reader.read(() => otlpProtocol(setting, value(setting)), undefined);
  }
  const enabled =
    !disabled &&
    !exporters.includes('none') &&
    TRACING_SWITCHES.some((name) => value(name) !== undefined);
  return { enabled };
}

function sdkDisabled(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ConfigError('OTEL_SDK_DISABLED', `must be true or false, got "${raw}"`);
}

function tracesExporters(raw: string | undefined): string[] {
  if (raw === undefined) return ['otlp'];
  // As the SDK reads it: comma-separated, trimmed, case-sensitive.
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(TRACES_EXPORTERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      TRACES_EXPORTER_SETTING,
      `must be one or more of ${TRACES_EXPORTERS.join(', ')} (comma-separated), got "${raw}"`,
    );
  }
  if (names.includes('none') && names.length > 1) {
    throw new ConfigError(TRACES_EXPORTER_SETTING, `cannot list none with others, got "${raw}"`);
  }
  return [...new Set(names)];
}

function otlpProtocol(setting: string, raw: string | undefined): void {
  if (raw !== undefined && !(OTLP_PROTOCOLS as readonly string[]).includes(raw)) {
    throw new ConfigError(setting, `must be one of ${OTLP_PROTOCOLS.join(', ')}, got "${raw}"`);
  }
}

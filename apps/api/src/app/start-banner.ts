import { redactConnectionString } from '@ledger/event-store/eventstoredb/eventstoredb-connection';
import { redacted } from '@ledger/read-model/sql';
import type { ApiConfig } from '@ledger/config';
import { METRICS_PATH } from '@ledger/telemetry/metrics';
import { OPENAPI_UI_PATH } from './openapi';

/** What `npm start` prints once listening: where the API is, and how to get going. */
export function startBanner(config: ApiConfig): string[] {
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const lines = [
    `OAP ledger listening on ${base}`,
    `  Web app:     ${base}/  (${config.devTokens ? 'development sign-in: choose a role' : 'no sign-in set up yet'})`,
    `  OpenAPI UI:  ${base}/${OPENAPI_UI_PATH}  (document: ${base}/openapi.json)`,
    `  Metrics:     ${base}${METRICS_PATH}  (Prometheus text format, no token)`,
    `  Event store: ${describeStore(config)}`,
    `  Read model:  ${describeReadModel(config)}`,
  ];
  if (config.devTokens) {
    lines.push(
      '  Get a development token:',
      `  curl -s -X POST ${base}/v1/dev/tokens -H 'content-type: application/json' \\`,
      `    -d '{"subject":"alice","role":"commissioner-finance","organisationCode":"13R"}'`,
    );
  }
  return lines;
}

function describeStore(config: ApiConfig): string {
  const { store } = config;
  if (store.eventStore === 'sqlite') return `SQLite in ${store.dataDir}`;
  if (store.eventStore === 'memory') return 'in memory (lost on exit)';
  return `EventStoreDB at ${redactConnectionString(store.eventStoreConnectionString ?? '')}`;
}

function describeReadModel(config: ApiConfig): string {
  const { readModel, store } = config;
  if (readModel.url !== null) {
    return `PostgreSQL at ${redacted(readModel.url)}, schema ${readModel.schema} (kept by apps/projector)`;
  }
  if (store.eventStore === 'sqlite') return `SQLite in ${store.dataDir}, projected inline`;
  if (store.eventStore === 'memory') return 'in memory, projected inline';
  return 'none: reports replay the log (set LEDGER_READ_MODEL_URL and run apps/projector)';
}

export function devSecretWarning(): string[] {
  const rule = '!'.repeat(78);
  return [
    rule,
    '!! LEDGER_JWT_SECRET is not set: tokens are signed with the PUBLIC development secret.',
    '!! Anyone can forge a token for any role. Never run like this outside a laptop.',
    rule,
  ];
}

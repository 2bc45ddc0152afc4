/**
 * The metrics side of docker/compose.yml, checked without a Docker engine (none runs here):
 * Prometheus's configuration and alert rules, Grafana's provisioning and the ledger dashboard
 * parse; Prometheus scrapes each ledger process where that process's own configuration says it
 * serves GET /metrics; Grafana's data source is that Prometheus; and every series the dashboard,
 * the alert rules and docs/operations.md query is one the code registers (or the `ledger verify`
 * cron script writes), so renaming a metric fails here rather than leaving a blank panel.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { loadApiConfig, loadProjectorConfig, loadRelayConfig } from '@ledger/config';
import {
  ApiMetrics,
  ProjectorMetrics,
  RelayMetrics,
  type FollowedLog,
} from '@ledger/telemetry/metrics';
import { parseExposition, valueOf } from '@ledger/telemetry/metrics/testing/exposition';

const ROOT = resolve(__dirname, '../..');
const DOCKER = join(ROOT, 'docker');
const yaml = <T>(path: string): T => load(readFileSync(join(DOCKER, path), 'utf8')) as T;

interface Service {
  image?: string;
  environment?: Record<string, string | number>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = yaml<{ services: Record<string, Service>; volumes: Record<string, unknown> }>(
  'compose.yml',
);
const services = compose.services;
const environmentOf = (name: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(services[name].environment ?? {}).map(([key, value]) => [key, String(value)]),
  );
/** Where a service mounts a file or folder of docker/: container path → path under docker/. */
const mountsOf = (name: string): Map<string, string> =>
  new Map(
    (services[name].volumes ?? [])
      .filter((volume) => volume.startsWith('./'))
      .map((volume) => {
        const [source, target] = volume.split(':');
        return [target, source.slice(2)];
      }),
  );

/** The series the ledger's code registers, as Prometheus names them (histograms expanded). */
async function registeredSeries(): Promise<Set<string>> {
  const log: FollowedLog = {
    gapFreePositions: true,
    headPosition: () => Promise.resolve(0),
    readAll: () => Promise.resolve([]),
  };
  const registries = [
    new ApiMetrics(undefined, { walFile: join(tmpdir(), 'no-such-ledger.sqlite-wal') }).registry,
    new ProjectorMetrics(log).registry,
    new RelayMetrics(log).registry,
  ];
  const names = new Set<string>();
  for (const registry of registries) {
    for (const metric of await registry.getMetricsAsJSON()) {
      if (String(metric.type) === 'histogram') {
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
      } else {
        names.add(metric.name);
      }
    }
  }
  return names;
}

/** What the `ledger verify` cron script writes (docker/prometheus/ledger-verify-metrics.sh). */
const VERIFY_SERIES = [
  'ledger_verify_exit_code',
  'ledger_verify_last_run_timestamp_seconds',
  'ledger_verify_duration_seconds',
];

/** The `ledger_…` series a PromQL expression reads. */
const seriesIn = (expr: string): string[] => expr.match(/\bledger_[a-z0-9_]+/g) ?? [];

interface Dashboard {
  uid: string;
  panels: Array<{
    id: number;
    type: string;
    title: string;
    datasource?: { type: string; uid: string };
    gridPos: { x: number; y: number; w: number; h: number };
    targets?: Array<{ expr: string; refId: string; datasource: { uid: string } }>;
  }>;
}
const dashboard = JSON.parse(
  readFileSync(join(DOCKER, 'grafana/dashboards/ledger.json'), 'utf8'),
) as Dashboard;

interface AlertRules {
  groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; for?: string }> }>;
}

describe('Prometheus in docker/compose.yml', () => {
  const prometheus = yaml<{
    rule_files: string[];
    scrape_configs: Array<{
      job_name: string;
      metrics_path?: string;
      static_configs: Array<{ targets: string[] }>;
    }>;
  }>('prometheus/prometheus.yml');
  const targetOf = (job: string): string => {
    const config = prometheus.scrape_configs.find((scrape) => scrape.job_name === job);
    expect(config?.metrics_path ?? '/metrics').toBe('/metrics');
    return config!.static_configs[0].targets[0];
  };

  it('mounts the configuration and the rules it loads', () => {
    const mounts = mountsOf('prometheus');
    expect(mounts.get('/etc/prometheus/prometheus.yml')).toBe('prometheus/prometheus.yml');
    for (const rules of prometheus.rule_files) {
      const source = mounts.get(rules);
      expect({ rules, mounted: source !== undefined }).toEqual({ rules, mounted: true });
      expect(existsSync(join(DOCKER, source!))).toBe(true);
    }
    expect(compose.volumes).toHaveProperty('prometheus-data');
    expect(compose.volumes).toHaveProperty('grafana-data');
  });

  it('scrapes each ledger process where its own configuration serves /metrics', () => {
    const api = loadApiConfig(environmentOf('api'));
    expect(targetOf('ledger-api')).toBe(`api:${api.port}`);
    expect(api.host).toBe('0.0.0.0');

    const projector = loadProjectorConfig(environmentOf('projector'));
    expect(targetOf('ledger-projector')).toBe(`projector:${projector.metricsPort}`);
    expect(projector.metricsHost).toBe('0.0.0.0');

    const relay = loadRelayConfig(environmentOf('relay'));
    expect(targetOf('ledger-relay')).toBe(`relay:${relay.healthPort}`);
    expect(relay.healthHost).toBe('0.0.0.0');
  });

  it('has alert rules that read only series the code registers or the verify cron writes', async () => {
    const known = new Set([...(await registeredSeries()), ...VERIFY_SERIES]);
    const { groups } = yaml<AlertRules>('prometheus/alerts.yml');
    const rules = groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'LedgerProcessDown',
        'LedgerProjectorLagging',
        'LedgerRelayLagging',
        'LedgerRelayKafkaErrors',
        'LedgerApiServerErrors',
        'LedgerRefusedWritesHigh',
        'LedgerVerifyFailed',
        'LedgerVerifyNotRun',
        'LedgerWalGrowing',
      ]),
    );
    for (const rule of rules) {
      const unknown = seriesIn(rule.expr).filter((name) => !known.has(name));
      expect({ alert: rule.alert, unknown }).toEqual({ alert: rule.alert, unknown: [] });
    }
  });
});

describe('Grafana in docker/compose.yml', () => {
  const datasources = yaml<{ datasources: Array<{ uid: string; type: string; url: string }> }>(
    'grafana/provisioning/datasources/prometheus.yml',
  ).datasources;
  const providers = yaml<{ providers: Array<{ options: { path: string } }> }>(
    'grafana/provisioning/dashboards/ledger.yml',
  ).providers;

  it('provisions the compose Prometheus as its data source, and the dashboards folder', () => {
    const mounts = mountsOf('grafana');
    expect(mounts.get('/etc/grafana/provisioning')).toBe('grafana/provisioning');
    expect(datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
    expect(services.prometheus.ports).toContain('127.0.0.1:9090:9090');
    const [provider] = providers;
    expect(mounts.get(provider.options.path)).toBe('grafana/dashboards');
    const home = environmentOf('grafana').GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    expect(home).toBe(`${provider.options.path}/ledger.json`);
  });

  it('has a dashboard whose every panel reads the provisioned data source', () => {
    const uid = datasources[0].uid;
    const graphs = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    for (const panel of graphs) {
      expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({
        panel: panel.title,
        uid,
      });
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource.uid).toBe(uid);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  it('has the panels an operator needs', () => {
    const exprs = (title: string): string => {
      const panel = dashboard.panels.find((candidate) => candidate.title === title);
      expect({ title, found: panel !== undefined }).toEqual({ title, found: true });
      return (panel!.targets ?? []).map((target) => target.expr).join('\n');
    };
    expect(exprs('Request rate by route')).toContain('ledger_http_requests_total');
    expect(exprs('5xx rate')).toContain('status=~"5.."');
    expect(exprs('p99 latency by route')).toContain(
      'histogram_quantile(0.99, sum by (le, route) (rate(ledger_http_request_duration_seconds_bucket',
    );
    expect(exprs('Commands by outcome')).toContain('sum by (outcome) (rate(ledger_commands_total');
    expect(exprs('Refused-write rate')).toContain('outcome!~"accepted|replayed"');
    expect(exprs('Append latency')).toContain('ledger_event_store_append_duration_seconds_bucket');
    expect(exprs('Group-commit size')).toContain('ledger_event_store_group_commit_appends');
    expect(exprs('Head position and checkpoints')).toContain('ledger_event_store_head_position');
    expect(exprs('Projector lag (events)')).toContain('ledger_projector_lag_events');
    expect(exprs('Projector lag (seconds)')).toContain('ledger_projector_lag_seconds');
    expect(exprs('Relay lag')).toContain('ledger_relay_lag_seconds');
    expect(exprs('Relay Kafka errors')).toContain('ledger_relay_kafka_errors_total');
    expect(exprs('SQLite WAL size')).toContain('ledger_event_store_wal_size_bytes');
  });

  it('queries only series the code registers', async () => {
    const known = await registeredSeries();
    const queried = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).flatMap((target) => seriesIn(target.expr)),
    );
    expect(queried.length).toBeGreaterThan(20);
    expect([...new Set(queried)].filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('docs/operations.md, "Metrics" and "Alerts"', () => {
  const operations = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
  const section = (title: string): string => {
    const start = operations.indexOf(`\n## ${title}\n`);
    expect({ title, found: start >= 0 }).toEqual({ title, found: true });
    const end = operations.indexOf('\n## ', start + 1);
    return operations.slice(start, end < 0 ? undefined : end);
  };

  it('names every series the code registers, and no other', async () => {
    const known = await registeredSeries();
    const metrics = section('Metrics');
    const base = (name: string) => name.replace(/_(bucket|sum|count)$/, '');
    for (const name of new Set([...known].map(base))) {
      expect({ name, documented: metrics.includes(`\`${name}`) }).toEqual({
        name,
        documented: true,
      });
    }
    // Whole names only: not a prefix (`ledger_relay_…`) nor a file (`ledger_verify.prom`).
    const names = (text: string) =>
      [...text.matchAll(/\bledger_[a-z0-9_]*[a-z0-9]\b(?!\.)/g)].map((match) => match[0]);
    const named = names(metrics);
    const alerts = names(section('Alerts'));
    const allowed = new Set([...known, ...[...known].map(base), ...VERIFY_SERIES]);
    expect([...new Set([...named, ...alerts])].filter((name) => !allowed.has(name))).toEqual([]);
  });
});

describe('docker/prometheus/ledger-verify-metrics.sh', () => {
  const script = join(DOCKER, 'prometheus/ledger-verify-metrics.sh');

  it.each([
    ['true', 0],
    ['false', 1],
  ])('records `ledger verify` exiting as %s does (%i) for the textfile collector', (cli, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-textfile-'));
    try {
      const run = spawnSync('sh', [script, '--data-dir', dir], {
        env: { PATH: process.env.PATH, LEDGER_CLI: cli, LEDGER_VERIFY_TEXTFILE_DIR: dir },
        encoding: 'utf8',
      });
      expect(run.status).toBe(code);
      const samples = parseExposition(readFileSync(join(dir, 'ledger_verify.prom'), 'utf8'));
      expect(samples.map((sample) => sample.name).sort()).toEqual([...VERIFY_SERIES].sort());
      expect(valueOf(samples, 'ledger_verify_exit_code')).toBe(code);
      expect(valueOf(samples, 'ledger_verify_last_run_timestamp_seconds')).toBeGreaterThan(
        Date.UTC(2024, 0, 1) / 1000,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

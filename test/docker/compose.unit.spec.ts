/**
 * docker/compose.yml, checked without a Docker engine (none runs on the machines here): it
 * parses; every dependency, volume and Dockerfile it names exists; the production topology is
 * all there (EventStoreDB with a three-node cluster profile, PostgreSQL, Kafka, and the api,
 * projector and relay processes); and each process's environment is accepted by that
 * process's own configuration loader, so a renamed or missing setting fails here rather than
 * in a container on someone's laptop.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { loadApiConfig, loadProjectorConfig, loadRelayConfig } from '@ledger/config';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
  volumes?: string[];
  profiles?: string[];
}

const DOCKER_DIR = resolve(__dirname, '../../docker');
const compose = load(readFileSync(join(DOCKER_DIR, 'compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const environmentOf = (name: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(services[name].environment ?? {}).map(([key, value]) => [key, String(value)]),
  );

describe('docker/compose.yml', () => {
  it('runs the production topology, with a three-node EventStoreDB profile', () => {
    const always = Object.keys(services).filter((name) => !services[name].profiles);
    expect(always.sort()).toEqual([
      'api',
      'eventstoredb',
      'grafana',
      'kafka',
      'postgres',
      'projector',
      'prometheus',
      'relay',
    ]);
    for (const node of ['esdb-node1', 'esdb-node2', 'esdb-node3']) {
      expect(services[node].profiles).toEqual(['cluster']);
    }
  });

  it('names only services, volumes and Dockerfiles that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect({ name, dependency, exists: dependency in services }).toMatchObject({
          exists: true,
        });
      }
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/')) {
          expect({ name, volume: source, declared: source in compose.volumes }).toMatchObject({
            declared: true,
          });
        }
      }
      if (service.build) {
        const context = resolve(DOCKER_DIR, service.build.context);
        expect(existsSync(join(context, service.build.dockerfile))).toBe(true);
      }
    }
  });

  it('gives the api, projector and relay settings their own loaders accept, all on EventStoreDB', () => {
    const api = loadApiConfig(environmentOf('api'));
    expect(api).toMatchObject({
      store: { eventStore: 'eventstoredb' },
      readModel: { schema: 'ledger_read' },
    });
    const projector = loadProjectorConfig(environmentOf('projector'));
    const relay = loadRelayConfig(environmentOf('relay'));
    for (const config of [projector, relay]) {
      expect(JSON.stringify(config)).toContain('eventstoredb');
    }
    // The API reads the read model the projector writes.
    expect(api.readModel.url).toBe(environmentOf('projector').LEDGER_READ_MODEL_URL);
    expect(environmentOf('relay').KAFKA_BROKERS).toBe('kafka:29092');
    expect(services.relay.depends_on).toHaveProperty('kafka');
    expect(services.projector.depends_on).toHaveProperty('postgres');
  });
});

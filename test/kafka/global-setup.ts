/**
 * Jest globalSetup of the int project (jest.config.js): makes sure the int tests have a real
 * Kafka broker, and exports it as KAFKA_BROKERS (test workers are forked after this runs, so
 * they inherit it).
 *
 * - KAFKA_BROKERS already set: that broker is used, nothing is started.
 * - Otherwise a fresh single-node KRaft broker is started with docker/kafka/kafka-local.sh
 *   (Apache Kafka jars from Maven Central, no Docker), data in .cache/kafka/test-data (reset
 *   on every run), on 127.0.0.1:19092/19093, or 19192/19193 when 19092/19093 are taken (e.g.
 *   by your dev broker), or two free ports when both are. global-teardown.ts stops it.
 * - Java missing (or Maven, before the jars are cached): the run fails. Never skipped.
 *
 * Runs untransformed by moduleNameMapper: relative imports only.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Kafka } from 'kafkajs';
import {
  TEST_RUN_ENV,
  ownerIsGone,
  sweepPrivateBrokers,
} from '../../libs/messaging/src/testing/kafka-broker';
import {
  KAFKA_LOCAL_HOST,
  type KafkaLocalInstance,
  ensureKafkaJars,
  findFreePorts,
  isPortListening,
  isProcessAlive,
  kafkaCacheDir,
  kafkaJarsCached,
  kafkaVersion,
  missingKafkaPrerequisites,
  processArgs,
  repoRoot,
  runKafkaLocalOrThrow,
} from '../../libs/messaging/src/testing/kafka-local';
import { quietKafkaLogging } from '../../libs/messaging/src/testing/kafka-logging';
import { say, saveTestBrokerState } from './state';

/** Preferred client/controller port pairs, in order. */
const PORT_PAIRS: ReadonlyArray<readonly [number, number]> = [
  [19092, 19093],
  [19192, 19193],
];
const START_TIMEOUT_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 10 * 60_000;

export function testDataDir(): string {
  return path.join(repoRoot(), '.cache', 'kafka', 'test-data');
}

export default async function globalSetup(): Promise<void> {
  // Marks private brokers (startPrivateBroker) of this run, for the teardown sweep.
  process.env[TEST_RUN_ENV] = String(process.pid);

  const fromEnv = process.env.KAFKA_BROKERS?.trim();
  if (fromEnv) {
    say(
      `kafka: the int tests use KAFKA_BROKERS=${fromEnv} from the environment (no broker started)`,
    );
    return;
  }

  const startedAt = Date.now();
  const missing = missingKafkaPrerequisites();
  if (missing.length > 0) {
    throw new Error(
      'kafka: the int tests need a real Kafka broker, started by docker/kafka/kafka-local.sh, ' +
        `but this machine lacks:\n  - ${missing.join('\n  - ')}\n` +
        'Install what is missing, or set KAFKA_BROKERS=host:port to use a running broker.',
    );
  }

  await sweepPrivateBrokers(ownerIsGone);

  const dataDir = testDataDir();
  assertNotInUseByAnotherRun(dataDir);
  // Fresh topics every run. Also stops a broker left running by an interrupted run (reset
  // only stops a kafka.Kafka process started with this data dir; the ports don't matter).
  await runKafkaLocalOrThrow('reset', { port: 0, controllerPort: 0, dataDir }, 60_000);

  if (!kafkaJarsCached()) {
    say(
      `kafka: fetching the Apache Kafka ${kafkaVersion()} jars from Maven Central into ${path.join(kafkaCacheDir(), 'libs')} (first run only)...`,
    );
  }
  await ensureKafkaJars(FETCH_TIMEOUT_MS);

  const { port, controllerPort, why } = await choosePorts();
  const instance: KafkaLocalInstance = { port, controllerPort, dataDir };
  const brokers = `${KAFKA_LOCAL_HOST}:${port}`;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(ownerFile(dataDir), JSON.stringify({ pid: process.pid, brokers }));
  try {
    await runKafkaLocalOrThrow('start', instance, START_TIMEOUT_MS);
    await warmUp(brokers);
  } catch (error) {
    await runKafkaLocalOrThrow('stop', instance, 60_000).catch(() => undefined);
    throw new Error(
      `kafka: could not start the broker for the int tests on ${brokers} (data ${dataDir}).\n${(error as Error).message}`,
    );
  }

  saveTestBrokerState({ instance, brokers, previousBrokers: process.env.KAFKA_BROKERS });
  process.env.KAFKA_BROKERS = brokers;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  say(
    `kafka: started a real broker for the int tests at ${brokers} (Apache Kafka ${kafkaVersion()}, KRaft) in ${seconds} s${why}`,
  );
}

/**
 * Creates and loads __consumer_offsets and __transaction_state (50 partitions each) now, so
 * that the first consumer group and the first transactional producer of the tests don't wait
 * (and log "coordinator is loading") while the broker does it.
 */
async function warmUp(brokers: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'int-global-setup',
    brokers: [brokers],
    ...quietKafkaLogging,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.describeGroups(['int-global-setup-warm-up']);
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({
    transactionalId: 'int-global-setup-warm-up',
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  await producer.disconnect();
}

async function choosePorts(): Promise<{ port: number; controllerPort: number; why: string }> {
  const taken: number[] = [];
  for (const [port, controllerPort] of PORT_PAIRS) {
    const busy = [];
    for (const p of [port, controllerPort]) if (await isPortListening(p)) busy.push(p);
    if (busy.length === 0) {
      return { port, controllerPort, why: taken.length ? ` (${taken.join(', ')} in use)` : '' };
    }
    taken.push(...busy);
  }
  const [port = 0, controllerPort = 0] = await findFreePorts(2);
  return { port, controllerPort, why: ` (${taken.join(', ')} in use)` };
}

function ownerFile(dataDir: string): string {
  return path.join(dataDir, 'jest-owner.json');
}

/** Two Jest runs in one checkout would reset each other's broker: refuse, clearly. */
function assertNotInUseByAnotherRun(dataDir: string): void {
  const file = ownerFile(dataDir);
  if (!existsSync(file)) return;
  let owner: { pid?: number; brokers?: string };
  try {
    owner = JSON.parse(readFileSync(file, 'utf8')) as typeof owner;
  } catch {
    return;
  }
  const pid = owner.pid;
  if (!pid || pid === process.pid || !isProcessAlive(pid) || !processArgs(pid).includes('jest')) {
    return;
  }
  throw new Error(
    `kafka: another Jest run (pid ${pid}) is using the int-test broker ${owner.brokers ?? ''} ` +
      `(${dataDir}). Wait for it to finish, or share its broker: KAFKA_BROKERS=${owner.brokers ?? '<host:port>'} npx jest ...`,
  );
}

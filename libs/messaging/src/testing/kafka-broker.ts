/**
 * Real Kafka brokers for tests, run by docker/kafka/kafka-local.sh (no Docker).
 *
 * - testKafkaBrokers(): the shared broker that the int tier's global setup started (or that
 *   you pointed KAFKA_BROKERS at). Use it for anything that doesn't stop the broker.
 * - startPrivateBroker(): a broker of the calling test alone, for tests that stop, restart or
 *   kill it (outages). It costs a JVM (~300-450 MB RSS) and 4-6 s per start: stop it in
 *   afterAll with destroy().
 *
 * Imported with relative paths from the global setup: no `@ledger/*` aliases here.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import {
  KAFKA_LOCAL_HOST,
  type KafkaLocalInstance,
  ensureKafkaJars,
  findFreePorts,
  isPortListening,
  isProcessAlive,
  kafkaCacheDir,
  missingKafkaPrerequisites,
  processArgs,
  readBrokerPid,
  runKafkaLocal,
  runKafkaLocalOrThrow,
  sleep,
} from './kafka-local';

/** Set by test/kafka/global-setup.ts to the Jest main process's pid; marks private brokers. */
export const TEST_RUN_ENV = 'KAFKA_TEST_RUN_PID';

/**
 * The brokers of the int tier's shared broker, from KAFKA_BROKERS. Throws (never skips) when
 * it is missing, which means the test runs outside the int project.
 */
export function testKafkaBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS?.trim();
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set. Kafka tests belong to the int tier (*.int.spec.ts), whose ' +
        'globalSetup (test/kafka/global-setup.ts) starts a broker and sets it; run them with ' +
        '`npx jest --selectProjects int`, or export KAFKA_BROKERS=host:port to use your own broker.',
    );
  }
  return brokers;
}

export interface PrivateBrokerOptions {
  /** Client port; default: a free port. */
  readonly port?: number;
  /** KRaft controller port; default: a free port. */
  readonly controllerPort?: number;
  /**
   * Config, logs and data. Default: a fresh directory under `<cache>/private-brokers/`,
   * deleted by destroy(). A directory you pass is used as is (existing data is kept) and is
   * never deleted.
   */
  readonly dataDir?: string;
  /**
   * Extra kafka-local.sh variables. E.g. for outage tests, a short broker session, so that a
   * restart after kill() takes ~6 s instead of ~17 s (the new process can only register once
   * the killed one's session expired): `{ KAFKA_EXTRA_PROPERTIES:
   * 'broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=500' }`.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Per start(); default 3 min. The first start after a kill() runs log recovery. */
  readonly startTimeoutMs?: number;
}

export interface PrivateBroker {
  /** `127.0.0.1:<port>`, for kafkajs `brokers: [broker.brokers]`. */
  readonly brokers: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** Starts it again after stop() or kill(); data is kept. Resolves once it serves requests. */
  start(): Promise<void>;
  /** Clean shutdown (SIGTERM, SIGKILL after 30 s). Resolves once the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL, like a crash or OOM kill. Resolves once the process is gone and the port closed. */
  kill(): Promise<void>;
  /** True while the process runs and the port answers. */
  isRunning(): Promise<boolean>;
  /** stop(), then delete the data dir if startPrivateBroker created it. Safe to call twice. */
  destroy(): Promise<void>;
}

const STOP_TIMEOUT_MS = 60_000;

/** Where default private data dirs live; swept by the int tier's global setup/teardown. */
export function privateBrokersRoot(): string {
  return path.join(kafkaCacheDir(), 'private-brokers');
}

interface OwnerFile {
  readonly runPid: number;
  readonly port: number;
  readonly controllerPort: number;
}

/**
 * Starts a private single-node KRaft broker (same jars as the shared one) and resolves once
 * it is ready. Fails, never skips, when Java (or Maven for the first fetch) is missing.
 */
export async function startPrivateBroker(
  options: PrivateBrokerOptions = {},
): Promise<PrivateBroker> {
  const startTimeoutMs = options.startTimeoutMs ?? 180_000;
  const missing = missingKafkaPrerequisites();
  if (missing.length > 0) {
    throw new Error(`startPrivateBroker: this machine lacks:\n  - ${missing.join('\n  - ')}`);
  }
  await ensureKafkaJars();
  const pickPorts = options.port === undefined || options.controllerPort === undefined;
  // Auto-picked ports can still be taken between the pick and the bind: retry with new ones.
  for (let attempt = 1; ; attempt++) {
    const [freeA = 0, freeB = 0] = pickPorts ? await findFreePorts(2) : [];
    const port = options.port ?? freeA;
    // freeA/freeB are distinct; avoid reusing an explicitly given port.
    const controllerPort = options.controllerPort ?? (freeB === port ? freeA : freeB);
    const ownDir = options.dataDir === undefined;
    let dataDir: string;
    if (options.dataDir !== undefined) {
      dataDir = path.resolve(options.dataDir);
    } else {
      mkdirSync(privateBrokersRoot(), { recursive: true });
      dataDir = mkdtempSync(path.join(privateBrokersRoot(), `${port}-`));
      const owner: OwnerFile = {
        runPid: Number(process.env[TEST_RUN_ENV]) || process.pid,
        port,
        controllerPort,
      };
      writeFileSync(path.join(dataDir, 'owner.json'), JSON.stringify(owner));
    }
    const instance: KafkaLocalInstance = {
      port,
      controllerPort,
      dataDir,
      ...(options.env ? { env: options.env } : {}),
    };
    const broker = new LocalBroker(instance, ownDir, startTimeoutMs);
    try {
      await broker.start();
      return broker;
    } catch (error) {
      await broker.destroy().catch(() => undefined);
      if (!pickPorts || attempt >= 3) throw error;
    }
  }
}

class LocalBroker implements PrivateBroker {
  readonly brokers: string;
  private destroyed = false;

  constructor(
    private readonly instance: KafkaLocalInstance,
    private readonly ownDir: boolean,
    private readonly startTimeoutMs: number,
  ) {
    this.brokers = `${KAFKA_LOCAL_HOST}:${instance.port}`;
  }

  get port(): number {
    return this.instance.port;
  }

  get controllerPort(): number {
    return this.instance.controllerPort;
  }

  get dataDir(): string {
    return this.instance.dataDir;
  }

  async start(): Promise<void> {
    if (this.destroyed) throw new Error(`private broker ${this.brokers} was destroyed`);
    await runKafkaLocalOrThrow('start', this.instance, this.startTimeoutMs);
  }

  async stop(): Promise<void> {
    await runKafkaLocalOrThrow('stop', this.instance, STOP_TIMEOUT_MS);
  }

  async kill(): Promise<void> {
    const pid = readBrokerPid(this.dataDir);
    const config = path.join(this.dataDir, 'server.properties');
    if (pid === undefined || !isProcessAlive(pid)) return;
    const args = processArgs(pid);
    if (!args.includes('kafka.Kafka') || !args.includes(config)) {
      throw new Error(`pid ${pid} in ${this.dataDir}/kafka.pid is not this broker: ${args}`);
    }
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    while (isProcessAlive(pid) || (await isPortListening(this.port))) {
      if (Date.now() > deadline) throw new Error(`broker pid ${pid} survived SIGKILL for 20 s`);
      await sleep(100);
    }
  }

  async isRunning(): Promise<boolean> {
    return (await runKafkaLocal('status', this.instance, 30_000)).code === 0;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    try {
      await this.stop();
    } catch {
      await this.kill();
    }
    this.destroyed = true;
    if (this.ownDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * Stops and deletes default-dir private brokers whose owner matches: used by the int tier's
 * globalTeardown (this run's leftovers: a test that didn't destroy() its broker) and
 * globalSetup (leftovers of interrupted runs). Only touches `<cache>/private-brokers/*`, and
 * kafka-local.sh only stops a kafka.Kafka process started with that very directory.
 */
export async function sweepPrivateBrokers(
  shouldSweep: (owner: OwnerFile) => boolean,
): Promise<number> {
  const root = privateBrokersRoot();
  if (!existsSync(root)) return 0;
  let swept = 0;
  for (const name of readdirSync(root)) {
    const dataDir = path.join(root, name);
    const ownerFile = path.join(dataDir, 'owner.json');
    if (!existsSync(ownerFile)) continue;
    let owner: OwnerFile;
    try {
      owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as OwnerFile;
    } catch {
      continue;
    }
    if (!shouldSweep(owner)) continue;
    const instance = { port: owner.port, controllerPort: owner.controllerPort, dataDir };
    const { code } = await runKafkaLocal('stop', instance, STOP_TIMEOUT_MS);
    if (code === 0) {
      rmSync(dataDir, { recursive: true, force: true });
      swept++;
    }
  }
  return swept;
}

/** Private brokers left behind by Jest runs that are no longer alive. */
export function ownerIsGone(owner: { runPid: number }): boolean {
  return !isProcessAlive(owner.runPid);
}

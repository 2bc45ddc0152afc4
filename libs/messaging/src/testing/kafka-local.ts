/**
 * Thin Node wrapper around docker/kafka/kafka-local.sh, shared by the int tier's global
 * setup (test/kafka/global-setup.ts) and by startPrivateBroker(). Test-only code.
 *
 * Imported with relative paths from the global setup, so it must not use the
 * `@ledger/*` aliases (Jest does not apply moduleNameMapper to globalSetup modules).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** The only host the local broker binds to and advertises. */
export const KAFKA_LOCAL_HOST = '127.0.0.1';

let cachedRepoRoot: string | undefined;

/** The repository root: the nearest ancestor of this file that holds docker/kafka/kafka-local.sh. */
export function repoRoot(): string {
  if (cachedRepoRoot) return cachedRepoRoot;
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'docker', 'kafka', 'kafka-local.sh'))) {
      cachedRepoRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`docker/kafka/kafka-local.sh not found above ${__dirname}`);
    dir = parent;
  }
}

export function kafkaLocalScript(): string {
  return path.join(repoRoot(), 'docker', 'kafka', 'kafka-local.sh');
}

/** Same default as the script: `$KAFKA_CACHE_DIR`, else `<repo>/.cache/kafka`. */
export function kafkaCacheDir(): string {
  const fromEnv = process.env.KAFKA_CACHE_DIR;
  return fromEnv ? path.resolve(fromEnv) : path.join(repoRoot(), '.cache', 'kafka');
}

export function kafkaVersion(): string {
  return process.env.KAFKA_VERSION || '3.9.1';
}

/** True when kafka-local.sh would not need Maven (its `libs/` marker names this version). */
export function kafkaJarsCached(): boolean {
  const scala = process.env.KAFKA_SCALA_VERSION || '2.13';
  const libs = path.join(kafkaCacheDir(), 'libs');
  const marker = path.join(libs, '.kafka-local-version');
  if (!existsSync(marker) || !existsSync(path.join(libs, `kafka_${scala}-${kafkaVersion()}.jar`))) {
    return false;
  }
  return readFileSync(marker, 'utf8').startsWith(`kafka_${scala}:${kafkaVersion()} `);
}

function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  const candidate = home ? path.join(home, 'bin', 'java') : undefined;
  return candidate && existsSync(candidate) ? candidate : 'java';
}

function runs(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 });
  return !result.error && result.status === 0;
}

/**
 * What the machine lacks to run kafka-local.sh, as human-readable items (empty when nothing).
 * Maven is only needed while the jars are not cached yet.
 */
export function missingKafkaPrerequisites(): string[] {
  const missing: string[] = [];
  if (!runs('bash', ['--version'])) missing.push('bash (not on PATH)');
  const java = javaCommand();
  if (!runs(java, ['-version'])) {
    missing.push(
      `java: Java 11+ is required to run the broker ('${java} -version' failed; install a JDK or set JAVA_HOME)`,
    );
  }
  if (!kafkaJarsCached() && !runs('mvn', ['-v'])) {
    missing.push(
      `mvn: Maven 3.6.3+ is required once to fetch the Apache Kafka ${kafkaVersion()} jars from Maven Central into ${path.join(kafkaCacheDir(), 'libs')} ('mvn -v' failed)`,
    );
  }
  return missing;
}

export interface KafkaLocalResult {
  readonly code: number;
  readonly output: string;
}

/** Environment for one broker instance of kafka-local.sh. */
export interface KafkaLocalInstance {
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** Extra KAFKA_* variables, e.g. KAFKA_EXTRA_PROPERTIES or KAFKA_HEAP_OPTS. */
  readonly env?: Readonly<Record<string, string>>;
}

function instanceEnv(instance: KafkaLocalInstance): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...instance.env,
    KAFKA_HOST: KAFKA_LOCAL_HOST,
    KAFKA_PORT: String(instance.port),
    KAFKA_CONTROLLER_PORT: String(instance.controllerPort),
    KAFKA_DATA_DIR: instance.dataDir,
  };
}

/**
 * Runs `bash kafka-local.sh <command>` for one instance and resolves with its exit code and
 * combined output. Never rejects on a non-zero exit (see runKafkaLocalOrThrow); rejects when
 * the script can't be spawned or exceeds timeoutMs (it is then sent SIGTERM).
 */
export function runKafkaLocal(
  command: 'fetch' | 'start' | 'stop' | 'status' | 'reset',
  instance: KafkaLocalInstance,
  timeoutMs: number,
): Promise<KafkaLocalResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [kafkaLocalScript(), command], {
      cwd: repoRoot(),
      env: instanceEnv(instance),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(
        new Error(
          `kafka-local.sh ${command} (port ${instance.port}) did not finish within ${Math.round(timeoutMs / 1000)} s\n${tail(output)}`,
        ),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

export async function runKafkaLocalOrThrow(
  command: 'fetch' | 'start' | 'stop' | 'reset',
  instance: KafkaLocalInstance,
  timeoutMs: number,
): Promise<string> {
  const { code, output } = await runKafkaLocal(command, instance, timeoutMs);
  if (code !== 0) {
    throw new Error(
      `kafka-local.sh ${command} failed (exit ${code}; KAFKA_PORT=${instance.port} KAFKA_CONTROLLER_PORT=${instance.controllerPort} KAFKA_DATA_DIR=${instance.dataDir}):\n${tail(output)}`,
    );
  }
  return output;
}

function tail(text: string, lines = 80): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** True when something accepts TCP connections on host:port. */
export function isPortListening(
  port: number,
  host = KAFKA_LOCAL_HOST,
  timeoutMs = 1_000,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function canBind(port: number, host = KAFKA_LOCAL_HOST): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * `count` distinct TCP ports that are free on 127.0.0.1 right now.
 *
 * They are drawn at random from 20000-31999 rather than by binding port 0: port 0 hands out
 * ports from the kernel's ephemeral range (32768+ on Linux, 49152+ on macOS), the same range
 * every outgoing client socket (kafkajs included) takes its local port from, so a port picked
 * that way could be taken by some client connection before the broker binds it, or while a
 * private broker is stopped between stop() and start().
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count; attempt++) {
    if (attempt > 500) throw new Error(`could not find ${count} free ports on ${KAFKA_LOCAL_HOST}`);
    const port = randomInt(20_000, 32_000);
    if (ports.includes(port)) continue;
    if ((await canBind(port)) && !(await isPortListening(port))) ports.push(port);
  }
  return ports;
}

/** The broker pid that kafka-local.sh recorded for dataDir, if any. */
export function readBrokerPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'kafka.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * True when pid is alive and not a zombie. A SIGKILLed broker is re-parented to PID 1, which
 * (in some containers) reaps it late: until then `kill -0` still succeeds.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  if (existsSync(stat)) {
    try {
      // "pid (comm) S ...": the state is the first field after the last ')'.
      const text = readFileSync(stat, 'utf8');
      return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }
  const ps = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 && !ps.stdout.trim().startsWith('Z');
}

/** The command line of pid ('' when unknown), to check a pid file really is our broker. */
export function processArgs(pid: number): string {
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync(cmdline)) {
    try {
      return readFileSync(cmdline, 'utf8').split('\0').join(' ').trim();
    } catch {
      return '';
    }
  }
  const ps = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 ? ps.stdout.trim() : '';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Fetches the Kafka jars into the shared cache unless they are there already. Serialised
 * across processes (parallel Jest workers) by a lock directory, since kafka-local.sh swaps
 * `libs/` in place and two concurrent fetches would race.
 */
export async function ensureKafkaJars(timeoutMs = 10 * 60_000): Promise<void> {
  if (kafkaJarsCached()) return;
  const cache = kafkaCacheDir();
  mkdirSync(cache, { recursive: true });
  const lock = path.join(cache, '.fetch-lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (kafkaJarsCached()) return;
      // A lock left by a killed process: older than any real fetch.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > timeoutMs) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for another process to fetch the Kafka jars (${lock})`);
      }
      await sleep(500);
    }
  }
  try {
    if (kafkaJarsCached()) return;
    // fetch ignores the instance settings; any instance will do.
    await runKafkaLocalOrThrow(
      'fetch',
      { port: 0, controllerPort: 0, dataDir: path.join(cache, 'unused') },
      Math.max(deadline - Date.now(), 60_000),
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

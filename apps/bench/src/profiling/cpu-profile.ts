import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export interface ProfileEntry {
  functionName: string;
  /** For an anonymous function, the named functions it was called from (the busiest path). */
  calledFrom: string | null;
  location: string;
  selfMs: number;
  /** Share of the non-idle sampled time. */
  share: number;
}

export interface ProfileSummary {
  key: string;
  /** Which process the profile is of. */
  process: string;
  command: string;
  /** Time covered: the timed part only, start-up and warm-up left out. */
  sampledMs: number;
  idleShare: number;
  top: ProfileEntry[];
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = join('apps', 'bench', 'src', 'main.ts');

/**
 * Runs one short measurement again in a child process under `node --cpu-prof` and sums self
 * time per function. For the HTTP and telemetry measurements the profile that matters is the API server's
 * (its own child, started with --cpu-prof into `server/`), not autocannon's.
 */
export async function profileMeasurement(key: string, seed: number): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-prof-'));
  const serverDir = join(dir, 'server');
  const markFile = join(dir, 'timed-part-starts-at');
  const args = [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '-r',
    '@swc-node/register',
    MAIN,
    '--profile-run',
    key,
    '--seed',
    String(seed),
    '--profile-dir',
    serverDir,
    '--profile-mark',
    markFile,
  ];
  try {
    await run(process.execPath, args);
    const ofServer = key === 'http' || key === 'telemetry';
    const folder = ofServer ? serverDir : dir;
    const files = readdirSync(folder).filter((name) => name.endsWith('.cpuprofile'));
    if (files.length !== 1)
      throw new Error(`Expected one CPU profile in ${folder}, found ${files.length}`);
    const profile = JSON.parse(readFileSync(join(folder, files[0]), 'utf8')) as CpuProfile;
    const fromUs = existsSync(markFile) ? Number(readFileSync(markFile, 'utf8')) : 0;
    return {
      key,
      process: ofServer ? 'the API server child process' : 'the benchmark process',
      command: `node ${args.map((arg) => arg.split(dir).join('$TMP')).join(' ')}`,
      ...summarise(profile, fromUs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Self time per function (name + file + line), largest first, counting only samples taken at
 * or after `fromUs` (the profile's own monotonic clock); idle time is left out of the shares.
 */
export function summarise(profile: CpuProfile, fromUs = 0, count = 5) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const entries = new Map<string, { frame: CallFrame; us: number; callers: Map<string, number> }>();
  let totalUs = 0;
  let idleUs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    // Each sample stands for the time until the next one.
    const us = profile.timeDeltas[index + 1] ?? 0;
    const node = byId.get(id);
    if (!node || at < fromUs) return;
    totalUs += us;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      return;
    }
    const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}`;
    const entry = entries.get(key) ?? { frame, us: 0, callers: new Map<string, number>() };
    entry.us += us;
    if (frame.functionName === '') {
      const callers = namedCallers(node.id, byId, parentOf);
      entry.callers.set(callers, (entry.callers.get(callers) ?? 0) + us);
    }
    entries.set(key, entry);
  });
  const busyUs = totalUs - idleUs;
  const top = [...entries.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map(({ frame, us, callers }) => ({
      functionName: frame.functionName || '(anonymous)',
      calledFrom: [...callers.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
      location: locationOf(frame.url, frame.lineNumber),
      selfMs: us / 1000,
      share: busyUs === 0 ? 0 : us / busyUs,
    }));
  return { sampledMs: totalUs / 1000, idleShare: totalUs === 0 ? 0 : idleUs / totalUs, top };
}

/** The first two named functions above a node: `read ← readStream`. */
function namedCallers(
  id: number,
  byId: Map<number, CpuProfileNode>,
  parentOf: Map<number, number>,
): string {
  const names: string[] = [];
  for (
    let parent = parentOf.get(id);
    parent !== undefined && names.length < 2;
    parent = parentOf.get(parent)
  ) {
    const name = byId.get(parent)?.callFrame.functionName ?? '';
    if (name !== '' && !name.startsWith('(')) names.push(name);
  }
  return names.join(' ← ');
}

function locationOf(url: string, lineNumber: number): string {
  if (url === '') return 'V8 / native';
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
  if (path.startsWith('node:')) return path;
  const shown = path.startsWith('/') ? relative(REPO_ROOT, path) : path;
  // TypeScript files run transpiled by swc, so their line numbers would mislead.
  return shown.endsWith('.ts') ? shown : `${shown}:${lineNumber + 1}`;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`Profile run exited with code ${String(code)}`)),
    );
  });
}

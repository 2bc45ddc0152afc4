/**
 * The shell examples of a Markdown page, as a reader meets them: every fenced `sh` (or `bash`)
 * block, in page order, with the answer the page shows for it.
 *
 * - A block is the reader's to run unless the line just before its fence is the marker
 *   `<!-- docs-test: skip … -->` (a synopsis such as `npm run cli -- import … FILE.ndjson`, or
 *   `npm ci && npm start`).
 * - Its expected answer is the fenced block right after it (nothing but blank lines between)
 *   when that block is `json`, `http` or `text`: `json` is compared with what the command printed
 *   as JSON, `http` (the output of `curl -i`) by its status line, the headers it shows and its
 *   JSON body, `text` line by line.
 * - What differs from run to run by design (UUIDs, JWTs, ISO 8601 instants) is compared by its
 *   shape only: see {@link normaliseVarying}.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SKIP_MARKER = /^<!--\s*docs-test:\s*skip\b.*-->\s*$/;

export interface ExpectedAnswer {
  kind: 'json' | 'http' | 'text';
  body: string;
  /** 1-based line of the answer's opening fence. */
  line: number;
}

export interface ShellExample {
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  script: string;
  skipped: boolean;
  expected: ExpectedAnswer | null;
}

interface Fence {
  info: string;
  body: string;
  line: number;
  /** Lines between the previous fence's end and this fence's start. */
  before: string[];
}

function fencesOf(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const fences: Fence[] = [];
  let gap: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) {
      gap.push(lines[i]);
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    if (i >= lines.length) throw new Error(`unclosed code fence at line ${start + 1}`);
    fences.push({ info: open[1], body: body.join('\n'), line: start + 1, before: gap });
    gap = [];
  }
  return fences;
}

const SHELL = new Set(['sh', 'bash', 'shell']);
const ANSWER = new Set(['json', 'http', 'text']);

export function shellExamples(page: string, markdown: string): ShellExample[] {
  const fences = fencesOf(markdown);
  const examples: ShellExample[] = [];
  fences.forEach((fence, index) => {
    if (!SHELL.has(fence.info)) return;
    const lastLine = [...fence.before].reverse().find((l) => l.trim() !== '') ?? '';
    const next = fences[index + 1];
    const adjacent = next !== undefined && next.before.every((l) => l.trim() === '');
    examples.push({
      page,
      line: fence.line,
      script: fence.body,
      skipped: SKIP_MARKER.test(lastLine.trim()),
      expected:
        adjacent && ANSWER.has(next.info)
          ? { kind: next.info as ExpectedAnswer['kind'], body: next.body, line: next.line }
          : null,
    });
  });
  return examples;
}

/**
 * Replaces what no two runs share with its kind: a UUID with `<uuid>`, a JWT with `<jwt>`, an
 * ISO 8601 instant with `<instant>`, a SHA-256 in hex (a hash-chain link) with `<sha256>`. Dates
 * (`2025-09-30`) and everything else stay as they are.
 */
export function normaliseVarying(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/eyJ[\w-]*\.[\w-]+\.[\w-]+/g, '<jwt>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g, '<instant>')
    .replace(/\b[0-9a-f]{64}\b/g, '<sha256>');
}

/** A JSON text as a value with its varying strings normalised, or an Error saying why not. */
export function jsonOf(text: string): unknown {
  return JSON.parse(normaliseVarying(text)) as unknown;
}

export interface HttpAnswer {
  statusLine: string;
  headers: Record<string, string>;
  body: string;
}

/** The output of `curl -i` (CRLF) or the page's `http` block (LF). */
export function httpAnswerOf(text: string): HttpAnswer {
  const normalised = text.replace(/\r\n/g, '\n');
  const split = normalised.indexOf('\n\n');
  const head = split === -1 ? normalised : normalised.slice(0, split);
  const body = split === -1 ? '' : normalised.slice(split + 2);
  const [statusLine = '', ...headerLines] = head.split('\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { statusLine: statusLine.trim(), headers, body: body.trim() };
}

/**
 * The shell variables a block uses but does not set itself (`$API`, `${COMM}`), outside
 * single quotes, where `$` is literal. Positional and special parameters are not names.
 */
export function variablesUsedBefore(script: string): string[] {
  const unquoted = script.replace(/'[^']*'/g, "''");
  const used = new Set([...unquoted.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
  const set = new Set([
    ...[...unquoted.matchAll(/(?:^|[\s;(])([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]),
    ...[...unquoted.matchAll(/\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)].map((m) => m[1]),
  ]);
  return [...used].filter((name) => !set.has(name)).sort();
}

/**
 * The block, preceded by a check that says on stderr which variables it uses that nothing has
 * set: a reader who pastes it gets an empty string there and a puzzling answer.
 */
export function guardedScript(script: string): string {
  const names = variablesUsedBefore(script);
  if (names.length === 0) return script;
  const check =
    `for __docs_var in ${names.join(' ')}; do ` +
    `[ -n "\${!__docs_var+set}" ] || echo "docs-test: \\$$__docs_var is used but never set" >&2; ` +
    'done; unset __docs_var\n';
  return check + script;
}

export interface BlockRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * One bash process for a whole reading, so that what one block defines (`API`, `COMM`, a
 * function) is there for the next, as in the reader's terminal. Each block is sourced from a
 * file, its output captured apart.
 */
export class ShellSession {
  private readonly bash: ChildProcessWithoutNullStreams;
  private pending = '';
  private waiter: ((line: string) => void) | null = null;
  private count = 0;
  private exited = false;

  constructor(
    private readonly workDir: string,
    env: Record<string, string>,
  ) {
    this.bash = spawn('bash', ['--noprofile', '--norc'], { cwd: workDir, env });
    this.bash.stdout.on('data', (chunk: Buffer) => {
      this.pending += chunk.toString();
      const newline = this.pending.indexOf('\n');
      if (newline !== -1 && this.waiter) {
        const line = this.pending.slice(0, newline);
        this.pending = this.pending.slice(newline + 1);
        const waiter = this.waiter;
        this.waiter = null;
        waiter(line);
      }
    });
    this.bash.on('exit', () => {
      this.exited = true;
      this.waiter?.('__EXITED__');
    });
  }

  run(script: string, timeoutMs = 60_000): Promise<BlockRun> {
    if (this.exited) return Promise.reject(new Error('the bash session has exited'));
    const n = ++this.count;
    const file = join(this.workDir, `.block-${n}.sh`);
    const out = join(this.workDir, `.block-${n}.out`);
    const err = join(this.workDir, `.block-${n}.err`);
    writeFileSync(file, `${script}\n`);
    return new Promise<BlockRun>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`block ${n} did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiter = (line) => {
        clearTimeout(timer);
        const match = /^__BLOCK_DONE__ (\d+)$/.exec(line);
        if (!match) {
          reject(new Error(`bash session ended or spoke out of turn: ${line}`));
          return;
        }
        resolve({
          code: Number(match[1]),
          stdout: readFileSync(out, 'utf8'),
          stderr: readFileSync(err, 'utf8'),
        });
      };
      this.bash.stdin.write(
        `. '${file}' >'${out}' 2>'${err}' </dev/null; echo "__BLOCK_DONE__ $?"\n`,
      );
    });
  }

  close(): void {
    if (!this.exited) this.bash.stdin.end();
  }
}

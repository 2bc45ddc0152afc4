import { parseArgs } from 'node:util';
import { UsageError } from './usage-error';

/** One option a command takes: a string option names its value (`DIR`), a flag names none. */
export interface OptionSpec {
  /** Without the dashes: `data-dir`. */
  name: string;
  /** What the value is called in the help (`DIR`); absent for a flag (`--json`). */
  value?: string;
  /** The value the parser gives when the option is left out. */
  default?: string;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * True when the arguments ask for help: `--help` or `-h` anywhere before a `--` terminator.
 * Help wins over every other argument, so `ledger export balances --agreement x -h` prints the
 * usage instead of running.
 */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * `node:util` parseArgs with the mistakes a person makes named in words, each a UsageError
 * that names the offending word (main prints it with the command's usage and exits 2): an
 * unknown option, a value missing or given to a flag, an argument the command does not take.
 */
export function parseCommandArgs(
  command: string,
  args: string[],
  options: readonly OptionSpec[],
  allowPositionals: boolean,
): ParsedArgs {
  const byName = new Map(options.map((option) => [option.name, option]));
  const { tokens } = parseArgs({
    args,
    options: parserOptions(options),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!allowPositionals) {
        throw new UsageError(`ledger ${command} takes no argument "${token.value}"`);
      }
      continue;
    }
    if (token.kind !== 'option') continue;
    const option = byName.get(token.name);
    if (option === undefined) {
      throw new UsageError(`ledger ${command} has no option ${token.rawName}`);
    }
    if (option.value === undefined && token.inlineValue) {
      throw new UsageError(`${token.rawName} takes no value (given "${token.value ?? ''}")`);
    }
    if (option.value !== undefined) {
      if (token.value === undefined || token.value === '') {
        throw new UsageError(`${token.rawName} needs a value: ${token.rawName} ${option.value}`);
      }
      if (!token.inlineValue && token.value.startsWith('-')) {
        throw new UsageError(
          `${token.rawName} needs a value, but the next word is the option ${token.value} ` +
            `(if that is the value, write ${token.rawName}=${token.value})`,
        );
      }
    }
  }
  const parsed = parseArgs({
    args,
    options: parserOptions(options),
    strict: true,
    allowPositionals,
  });
  return { values: parsed.values, positionals: parsed.positionals };
}

type ParserOptions = Record<
  string,
  { type: 'string'; default?: string } | { type: 'boolean'; default?: boolean }
>;

function parserOptions(options: readonly OptionSpec[]): ParserOptions {
  const spec: ParserOptions = {};
  for (const option of options) {
    spec[option.name] =
      option.value === undefined
        ? { type: 'boolean' }
        : {
            type: 'string',
            ...(option.default === undefined ? {} : { default: option.default }),
          };
  }
  return spec;
}

/** The string value of an option the parser was told takes one. */
export function stringValue(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Whether a flag was given. */
export function flagValue(parsed: ParsedArgs, name: string): boolean {
  return parsed.values[name] === true;
}

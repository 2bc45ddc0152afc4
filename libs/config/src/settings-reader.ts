import { ConfigError } from '@ledger/event-store/configured';
import type { Environment } from './environment';

export { ConfigError } from '@ledger/event-store/configured';

/**
 * Every setting that cannot be used, found in one pass: the process stops with one message that
 * names each of them, so an operator fixes them all at once instead of one per restart. A
 * ConfigError (so a process that catches the store's own errors catches these too), named after
 * the first bad setting; with one problem its message is that problem's, word for word.
 */
export class InvalidConfigError extends ConfigError {
  constructor(readonly problems: readonly ConfigError[]) {
    super(problems[0].setting, problems[0].problem);
    this.name = 'InvalidConfigError';
    if (problems.length > 1) {
      this.message =
        `Invalid configuration: ${problems.length} settings cannot be used:\n` +
        problems.map((problem) => `  - ${problem.setting} ${problem.problem}`).join('\n');
    }
  }

  /** The settings named, in the order they were read. */
  get settings(): string[] {
    return this.problems.map((problem) => problem.setting);
  }
}

/**
 * Reads settings one by one, noting each that cannot be used and going on, so `done()` can
 * name every bad setting at once.
 */
export class SettingsReader {
  private readonly problems: ConfigError[] = [];

  constructor(readonly env: Environment) {}

  /**
   * What `parse` makes of a setting; when it throws a ConfigError the problem is noted and
   * `fallback` stands in, so the settings after it are still read.
   */
  read<T>(parse: () => T, fallback: T): T {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.problems.push(...(error instanceof InvalidConfigError ? error.problems : [error]));
      return fallback;
    }
  }

  /** The configuration, or an InvalidConfigError naming every setting that cannot be used. */
  done<T>(config: T): T {
    if (this.problems.length > 0) throw new InvalidConfigError(this.problems);
    return config;
  }
}

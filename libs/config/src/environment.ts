/**
 * The process's environment variables. `processEnvironment()` is the one place in the apps and
 * libs (tests aside) that reads `process.env`: each process hands it to its loader once, at
 * boot, and gets back its typed, validated configuration.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

export function processEnvironment(): Environment {
  return process.env;
}

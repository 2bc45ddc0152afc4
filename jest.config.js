/**
 * Three tiers, all run by `npm test`:
 * - unit: pure code (deciders, money, calendar, property tests). No I/O.
 * - int:  adapters against real stores (SQLite files, PostgreSQL when configured).
 * - e2e:  the HTTP API and the CLI end to end on the embedded SQLite store.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@ledger/domain$': '<rootDir>/libs/domain/src',
  '^@ledger/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
  '^@ledger/event-store$': '<rootDir>/libs/event-store/src',
  '^@ledger/event-store/(.*)$': '<rootDir>/libs/event-store/src/$1',
  '^@ledger/commands$': '<rootDir>/libs/commands/src',
  '^@ledger/commands/(.*)$': '<rootDir>/libs/commands/src/$1',
  '^@ledger/read-model$': '<rootDir>/libs/read-model/src',
  '^@ledger/read-model/(.*)$': '<rootDir>/libs/read-model/src/$1',
  '^@ledger/messaging$': '<rootDir>/libs/messaging/src',
  '^@ledger/messaging/(.*)$': '<rootDir>/libs/messaging/src/$1',
  '^@ledger/config$': '<rootDir>/libs/config/src',
  '^@ledger/config/(.*)$': '<rootDir>/libs/config/src/$1',
  '^@ledger/contracts$': '<rootDir>/libs/contracts/src',
  '^@ledger/contracts/(.*)$': '<rootDir>/libs/contracts/src/$1',
  '^@ledger/telemetry$': '<rootDir>/libs/telemetry/src',
  '^@ledger/telemetry/(.*)$': '<rootDir>/libs/telemetry/src/$1',
};

const tier = (name, pattern, extra = {}) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: [`<rootDir>/{apps,libs,test,docs}/**/*.${pattern}.spec.ts`],
  ...extra,
});

module.exports = {
  reporters: ['default', '<rootDir>/test/plain-summary-reporter.js'],
  projects: [
    tier('unit', 'unit'),
    // The int tier gets a real Kafka broker (or uses KAFKA_BROKERS): see docker/kafka/README.md.
    // Per-project hooks run only when the int project has tests selected.
    tier('int', 'int', {
      globalSetup: '<rootDir>/test/kafka/global-setup.ts',
      globalTeardown: '<rootDir>/test/kafka/global-teardown.ts',
    }),
    tier('e2e', 'e2e'),
  ],
};

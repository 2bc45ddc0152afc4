// Architecture rules, checked by `npm run arch` (part of `npm run check`): dependency-cruiser
// reads every TypeScript file under apps/ and libs/ (specs and testing/ helpers included, so
// a test cannot lean on something the code may not) and fails on any dependency below.
// See docs/architecture.md, "Rules CI enforces".
//
// `@ledger/<lib>` resolves through tsconfig.json's paths to libs/<lib>/src, so an aliased
// import is checked like a relative one. Type-only imports count too (tsPreCompilationDeps).
//
// Nothing is excluded: the apps' test/ folders and the libs' testing/ folders obey the same
// rules as the code they test. Tests that drive several apps together live at the top level,
// in test/, which belongs to no app (and is not cruised).

/** The apps: separate processes, which share code only through libs. */
const APPS = ['api', 'cli', 'bench', 'projector', 'relay'];

/**
 * The libs and the other libs each may import. This is the lib graph: every import from one
 * lib to another must be listed here, and the graph is checked below to have no cycle, so no
 * two libs can ever depend on each other, even through modules that import nothing in common.
 * A new lib gets a line here (an unlisted lib fails `lib-not-declared`).
 */
const LIB_DEPENDENCIES = {
  domain: [],
  'event-store': [],
  'read-model': ['domain', 'event-store'],
  commands: ['domain', 'event-store', 'read-model'],
  messaging: ['domain', 'event-store', 'read-model'],
  config: ['event-store', 'read-model'],
  contracts: ['domain', 'event-store', 'commands'],
  // Logs, metrics and traces: what every process shares to be seen running. It redacts with
  // the domain's NHS-number rule; the other libs report through @opentelemetry/api and hooks.
  telemetry: ['domain'],
};

/** Throws, naming the cycle, when LIB_DEPENDENCIES lets two libs reach each other. */
function assertNoLibCycle(graph) {
  const done = new Set();
  const visit = (lib, path) => {
    if (path.includes(lib)) {
      const cycle = [...path.slice(path.indexOf(lib)), lib].join(' → ');
      throw new Error(`.dependency-cruiser.cjs: the lib graph has a cycle: ${cycle}`);
    }
    if (done.has(lib)) return;
    for (const next of graph[lib] ?? []) visit(next, [...path, lib]);
    done.add(lib);
  };
  for (const lib of Object.keys(graph)) visit(lib, []);
}
assertNoLibCycle(LIB_DEPENDENCIES);

const LIBS = Object.keys(LIB_DEPENDENCIES);
const oneOf = (names) => `(${names.map((name) => name.replace(/[.-]/g, '\\$&')).join('|')})`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing-of-ours',
      severity: 'error',
      comment:
        'libs/domain is the pure core: it imports no other lib and no app. Ports and adapters ' +
        'depend on it, never the other way round.',
      from: { path: '^libs/domain/' },
      to: { path: '^(apps|libs)/', pathNot: '^libs/domain/' },
    },
    {
      name: 'domain-no-framework-or-io',
      severity: 'error',
      comment:
        'libs/domain is pure: no Nest, no adapter, no Node built-in (I/O, clock, crypto). Its ' +
        'code may use decimal.js only; its specs also fast-check.',
      from: { path: '^libs/domain/' },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg'],
        pathNot: 'node_modules/(decimal\\.js|fast-check)/',
      },
    },
    {
      name: 'domain-code-uses-decimal-only',
      severity: 'error',
      comment: 'fast-check is for the domain specs; the domain code itself uses decimal.js only.',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { path: 'node_modules/fast-check/' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      comment:
        'A lib is shared code; an app is a process. What an app has that another needs moves ' +
        'into a lib.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-app-imports-another-app',
      severity: 'error',
      comment:
        `The apps (${APPS.join(', ')}) are separate processes: what two of them share lives ` +
        'in a lib. To use another app, run it as a process (a test in the top-level test/ ' +
        'folder may drive several).',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'app-not-declared',
      severity: 'error',
      comment: `Every folder under apps/ is one of ${APPS.join(', ')}; add a new app to APPS.`,
      from: { path: `^apps/(?!${oneOf(APPS)}/)` },
      to: {},
    },
    {
      name: 'lib-not-declared',
      severity: 'error',
      comment: 'Every lib is in LIB_DEPENDENCIES in .dependency-cruiser.cjs, with what it imports.',
      from: { path: `^libs/(?!${oneOf(LIBS)}/)` },
      to: {},
    },
    ...LIBS.map((lib) => ({
      name: `no-cycle-between-libs:${lib}`,
      severity: 'error',
      comment:
        `libs/${lib} may import ${LIB_DEPENDENCIES[lib].length === 0 ? 'no other lib' : LIB_DEPENDENCIES[lib].map((name) => `libs/${name}`).join(', ')}. ` +
        'The lib graph in .dependency-cruiser.cjs has no cycle, and every import between libs ' +
        'must follow it; an import the other way would make two libs depend on each other.',
      from: { path: `^libs/${oneOf([lib])}/` },
      to: { path: '^libs/', pathNot: `^libs/${oneOf([lib, ...LIB_DEPENDENCIES[lib]])}/` },
    })),
    {
      name: 'no-module-cycle-across-libs',
      severity: 'error',
      comment: 'A cycle of modules that runs through more than one lib.',
      from: { path: '^libs/([^/]+)/' },
      to: { circular: true, via: { pathNot: '^libs/$1/' } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing: a typo, or a path alias depcruise cannot see.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules/' },
    exclude: { path: '^(node_modules|dist)/' },
    moduleSystems: ['cjs', 'es6'],
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

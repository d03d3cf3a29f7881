/**
 * The import rules of the layout, checked by `npm run lint:imports` (part of `npm test`):
 *
 * - machines/ (the chart, its events and types) is pure: no Cognito calls (services/), no platform glue
 *   (adapters/), nothing of the runtime around the actor (runtime/, amplify-facade/), no package entries and no
 *   Node built-ins, so it runs and is tested anywhere.
 * - services/ (the Cognito calls and their maths) does not reach into adapters/, the runtime or the entries;
 *   adapters/ (transports, storage, inspection) does not reach into the runtime or the entries.
 * - The client never imports the local user pool (packages/local-pool): the pool is a development tool and
 *   must never reach an app's bundle. The pool imports the client, and only through its package entries.
 * - No import cycles, type-only imports included.
 *
 * Imports are read before compilation, so `import type` counts like any other import.
 */
const POOL = '^packages/local-pool/';
/** The client's package entries: index.ts, core.ts, advanced.ts, sdk.ts, fetch.ts, inspect.ts, tab-sync.ts, persistence.ts, oauth.ts, passkeys.ts, amplify.ts, protocol.ts. */
const ENTRIES = '^(index|core|advanced|sdk|fetch|inspect|tab-sync|persistence|oauth|passkeys|amplify|protocol)\\.ts$';
/** What runs the chart: createAuth and the actor's surroundings, and the Amplify facade over them. */
const RUNTIME = '^(runtime|amplify-facade)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'machines-are-pure',
      comment: 'machines/ imports nothing from services/, adapters/, the runtime, the package entries or the local pool.',
      severity: 'error',
      from: { path: '^machines/' },
      to: { path: ['^(services|adapters)/', RUNTIME, ENTRIES, POOL, '^@cognito-auth-machine/local-pool$'] },
    },
    {
      name: 'machines-need-no-runtime',
      comment: 'machines/ imports no Node built-in: the chart runs in any JavaScript runtime.',
      severity: 'error',
      from: { path: '^machines/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'services-below-adapters',
      comment: 'services/ imports nothing from adapters/, the runtime, the package entries or the local pool.',
      severity: 'error',
      from: { path: '^services/' },
      to: { path: ['^adapters/', RUNTIME, ENTRIES, POOL, '^@cognito-auth-machine/local-pool$'] },
    },
    {
      name: 'adapters-below-runtime',
      comment: 'adapters/ (transports, storage, inspection) imports nothing from the runtime, the package entries or the local pool.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: [RUNTIME, ENTRIES, POOL, '^@cognito-auth-machine/local-pool$'] },
    },
    {
      name: 'client-never-imports-the-pool',
      comment:
        'Nothing of the client (everything but the pool package, the tests, the examples and the bench) imports the ' +
        'local user pool; the pool imports the client, never the reverse.',
      severity: 'error',
      from: { pathNot: [POOL, '^(test|examples|bench)/'] },
      to: { path: [POOL, '^@cognito-auth-machine/local-pool$'] },
    },
    {
      name: 'pool-uses-client-entries',
      comment:
        "The local pool reaches the client only through the client's package entries (cognito-auth-machine/...), " +
        'never by a relative path into its folders.',
      severity: 'error',
      from: { path: POOL },
      to: { pathNot: POOL, dependencyTypes: ['local'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included: each layer can be read, tested and replaced alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        "An import that cannot be resolved cannot be checked by the rules above (Vite's virtual modules, which a " +
        'plugin serves, aside).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^virtual:' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|test-output|\\.stryker-tmp|\\.vite)/' },
    tsPreCompilationDeps: true,
    moduleSystems: ['es6'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // The repository's packages resolve to their TypeScript sources, as for the compiler and the tests.
      conditionNames: ['@cognito-auth-machine/source', 'import', 'types', 'node', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};

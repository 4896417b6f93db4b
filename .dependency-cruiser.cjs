/**
 * Which way imports may point inside src/ (README, "Layout"): http → graphql → domain →
 * connectors/reliability → store, with config/ and errors/ at the bottom, usable from anywhere.
 * `npm run lint:deps` checks it; type-only imports count, since a type cycle is still a cycle to read.
 * Violations main still has, owned by other work, are listed in .dependency-cruiser-known-violations.json.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes both modules one; break it by moving the shared part down.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'http-only-from-the-composition-root',
      severity: 'error',
      comment: 'http/ is the outermost layer: only the composition root (app.ts and the features it assembles) may import it.',
      from: { path: '^src/', pathNot: ['^src/http/', '^src/app\\.ts$', '^src/features/'] },
      to: { path: '^src/http/' },
    },
    {
      name: 'graphql-only-from-above',
      severity: 'error',
      comment: 'Nothing below the GraphQL layer may know GraphQL types, contexts or errors (domain/ included).',
      from: {
        path: '^src/(domain|connectors|reliability|integrations|auth|limits|status|observability|store|config|errors)/',
      },
      to: { path: '^src/graphql/' },
    },
    {
      name: 'graphql-not-to-prisma-rows',
      severity: 'error',
      comment: 'Resolvers and routes get domain objects; the Prisma client and its row types stay below them.',
      from: { path: '^src/(graphql|http)/' },
      to: { path: '^src/generated/' },
    },
    {
      name: 'graphql-not-to-bus-consumers',
      severity: 'error',
      comment: "A consumer's ids and job names are the event bus's business; resolvers publish events or call the domain.",
      from: { path: '^src/graphql/' },
      to: { path: '^src/integrations/eventBus/subscribe[^/]*\\.ts$' },
    },
    {
      name: 'config-imports-only-itself',
      severity: 'error',
      comment: 'Configuration is read first and used everywhere, so it depends on nothing of ours.',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/config/' },
    },
    {
      name: 'errors-import-only-themselves',
      severity: 'error',
      comment: 'The error catalogue is used by every layer, so it depends on nothing of ours.',
      from: { path: '^src/errors/' },
      to: { path: '^src/', pathNot: '^src/errors/' },
    },
    {
      name: 'sandbox-only-from-main',
      severity: 'error',
      comment: 'The simulated systems are loaded by main.ts when a run uses them, never by the gateway itself.',
      from: { path: '^src/', pathNot: ['^src/sandbox/', '^src/main\\.ts$'] },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'sandbox-loaded-on-demand',
      severity: 'error',
      comment: 'main.ts imports the sandbox with import() only, so a production start never loads it.',
      from: { path: '^src/main\\.ts$' },
      to: { path: '^src/sandbox/', dependencyTypesNot: ['dynamic-import'] },
    },
  ],
  options: {
    includeOnly: '^src/',
    // The generated Prisma client is a leaf: who imports it is checked, its own imports are not.
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

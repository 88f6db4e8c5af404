// Module boundaries of the app (issue 18), checked by `npm run lint` (depcruise).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-shared',
      comment: 'shared/ is what client and server agree on: it imports neither.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|client)/' },
    },
    {
      name: 'collab-core-imports-no-feature',
      comment:
        'server/collab is the collaboration core: it talks to the app through the typed hooks it is given, never by importing a feature.',
      severity: 'error',
      from: { path: '^server/collab/' },
      to: { path: '^server/features/' },
    },
    {
      name: 'server-feature-through-index',
      comment: 'A server feature uses another feature only through that feature’s index.ts.',
      severity: 'error',
      from: { path: '^server/features/([^/]+)/' },
      to: {
        path: '^server/features/[^/]+/',
        pathNot: ['^server/features/$1/', '^server/features/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'server-app-through-feature-index',
      comment:
        'The server outside the features (app, start-up, seed) uses a feature only through its index.ts; tests and benchmarks may reach inside.',
      severity: 'error',
      from: { path: '^server/', pathNot: '^server/features/' },
      to: { path: '^server/features/[^/]+/', pathNot: '^server/features/[^/]+/index\\.ts$' },
    },
    {
      name: 'client-feature-through-index',
      comment: 'A client feature uses another feature only through that feature’s index.ts.',
      severity: 'error',
      from: { path: '^client/src/features/([^/]+)/' },
      to: {
        path: '^client/src/features/[^/]+/',
        pathNot: ['^client/src/features/$1/', '^client/src/features/[^/]+/index\\.tsx?$'],
      },
    },
    {
      name: 'client-app-through-feature-index',
      comment:
        'The client outside the features (router, layout) uses a feature only through its index; client/src/i18n assembles the features’ message catalogs (messages.ts).',
      severity: 'error',
      from: { path: '^client/', pathNot: '^client/src/features/' },
      to: {
        path: '^client/src/features/[^/]+/',
        pathNot: [
          '^client/src/features/[^/]+/index\\.tsx?$',
          '^client/src/features/[^/]+/messages\\.ts$',
          '^client/src/features/[^/]+/[A-Za-z]+Messages\\.ts$',
        ],
      },
    },
    {
      name: 'client-imports-server-types-only',
      comment:
        'The browser bundle never contains server code: the client imports the server only as types.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
}

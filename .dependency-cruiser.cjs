/**
 * Import rules, checked by `npm test` (scripts/test.sh: `npx depcruise server lti widget`); a violation fails the run.
 * Type-only imports are left out (`tsPreCompilationDeps: false`): they vanish at compile time and carry no behaviour.
 * The module layout and what each module may import: README.md "Layout".
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles in server/, lti/ or widget/: modules depend one way.',
      from: { path: '^(server|lti|widget)/' },
      to: { circular: true },
    },
    {
      name: 'core-never-imports-lti',
      severity: 'error',
      comment: 'lti/ depends on the core, never the reverse. Only the composition roots (server/app.ts, server/main.ts) wire lti/ in.',
      from: { path: '^server/', pathNot: '^server/(app|main)\\.ts$' },
      to: { path: '^lti/' },
    },
    {
      name: 'widget-never-imports-server',
      severity: 'error',
      comment: 'The browser bundle never pulls server code (secrets, postgres.js): talk to the server over HTTP.',
      from: { path: '^widget/' },
      to: { path: '^(server|lti)/' },
    },
    {
      name: 'routes-never-import-stores',
      severity: 'error',
      comment: 'A route validates and calls a service; only services touch a store (SQL).',
      from: { path: 'routes\\.ts$' },
      to: { path: '(^|/)store\\.ts$|^server/db/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^dist/' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};

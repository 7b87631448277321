/**
 * Import rules, checked by `npm test` (scripts/test.sh: `npx depcruise server lti widget`); a violation fails the run.
 * Type-only imports are left out (`tsPreCompilationDeps: false`): they vanish at compile time and carry no behaviour.
 * The module layout and what each module may import: README.md "Layout".
 */

/**
 * The core's feature modules (server/modules/<name>/) and the modules each may import; every other module is out
 * of bounds, so modules depend one way (README.md "Layout"). Shared infrastructure (server/db, server/jobs,
 * server/livekit, server/shared) imports no module, except the API-key guard in server/shared/http.ts
 * (organizations).
 */
const MAY_IMPORT = {
  organizations: [],
  scheduling: ['organizations'],
  meetings: ['scheduling', 'organizations'],
  join: ['meetings', 'scheduling', 'organizations'],
  invitations: ['join', 'meetings', 'scheduling', 'organizations'],
  attendance: ['meetings', 'scheduling', 'organizations'],
  analytics: ['attendance', 'meetings', 'scheduling', 'organizations'],
  webhooks: ['analytics', 'attendance', 'meetings', 'scheduling', 'organizations'],
  coffee: ['invitations', 'join', 'meetings', 'scheduling', 'organizations'],
  'room-activity': ['join', 'meetings', 'scheduling', 'organizations'],
  demo: ['coffee', 'invitations', 'join', 'meetings', 'scheduling', 'organizations'],
};
const moduleRules = Object.entries(MAY_IMPORT).map(([name, allowed]) => ({
  name: `module-${name}-one-way`,
  severity: 'error',
  comment: `server/modules/${name} may import only: ${allowed.join(', ') || 'no other module'} (README.md "Layout").`,
  from: { path: `^server/modules/${name}/` },
  to: { path: '^server/modules/', pathNot: [`^server/modules/${name}/`, ...allowed.map((m) => `^server/modules/${m}/`)] },
}));

module.exports = {
  forbidden: [
    ...moduleRules,
    {
      name: 'infrastructure-imports-no-module',
      severity: 'error',
      comment: 'server/db, server/jobs, server/livekit and server/shared are below every module (shared/http.ts may use organizations for API keys).',
      from: { path: '^server/(db|jobs|livekit|shared)/', pathNot: '^server/shared/http\\.ts$' },
      to: { path: '^server/modules/' },
    },
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
      to: { path: '(^|/|-)store\\.ts$|^server/db/' },
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

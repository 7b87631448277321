/**
 * Import rules, checked by `npm test` (scripts/test.sh: `npx depcruise server lti widget`); a violation fails the run.
 * Type-only imports count (`tsPreCompilationDeps: true`): a module that names another's types depends on it as much
 * as one that calls it. Only import cycles are judged on runtime imports: a Lit controller and its host element
 * name each other's types, which is no cycle once compiled.
 * The module layout and what each module may import: README.md "Layout".
 */

/** An import rule `npm test` fails on: no file matching `from` may import one matching `to` (dependency-cruiser rule). */
const forbid = (name, comment, from, to) => ({ name, severity: 'error', comment, from, to });

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
const moduleRules = Object.entries(MAY_IMPORT).map(([name, allowed]) =>
  forbid(
    `module-${name}-one-way`,
    `server/modules/${name} may import only: ${allowed.join(', ') || 'no other module'} (README.md "Layout").`,
    { path: `^server/modules/${name}/` },
    { path: '^server/modules/', pathNot: [`^server/modules/${name}/`, ...allowed.map((m) => `^server/modules/${m}/`)] },
  ),
);

/** Files that declare HTTP routes: `routes.ts`, `*-routes.ts` (server/shared/routes.ts: the route declarer) and lti/admin.ts. */
const ROUTE_FILES = ['(^|/|-)routes\\.ts$', '^lti/admin\\.ts$'];

module.exports = {
  forbidden: [
    ...moduleRules,
    forbid(
      'infrastructure-imports-no-module',
      'server/db, server/jobs, server/livekit and server/shared are below every module (shared/http.ts may use organizations for API keys).',
      { path: '^server/(db|jobs|livekit|shared)/', pathNot: '^server/shared/http\\.ts$' },
      { path: '^server/modules/' },
    ),
    forbid(
      'no-circular',
      'No import cycles in server/, lti/ or widget/: modules depend one way (runtime imports; type-only ones vanish when compiled).',
      { path: '^(server|lti|widget)/' },
      { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    ),
    forbid(
      'core-never-imports-lti',
      'lti/ depends on the core, never the reverse. Only the composition roots (server/app.ts, server/main.ts) wire lti/ in.',
      { path: '^server/', pathNot: '^server/(app|main)\\.ts$' },
      { path: '^lti/' },
    ),
    forbid('widget-never-imports-server', 'The browser bundle never pulls server code (secrets, postgres.js): talk to the server over HTTP.', { path: '^widget/' }, { path: '^(server|lti)/' }),
    forbid('routes-never-import-stores', 'A route validates and calls a service; only services touch a store (SQL).', { path: ROUTE_FILES }, { path: '(^|/|-)store\\.ts$|^server/db/' }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};

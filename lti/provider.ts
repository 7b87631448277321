/**
 * ltijs 5.9.9, set up once per process in serverless mode on our PostgreSQL (lti/db-plugin.ts).
 * ltijs keeps: platform registrations, the tool's RSA key pairs and JWKS (`/lti/keys`), Dynamic Registration
 * (`/lti/register`), and the AGS / NRPS / Deep Linking service clients. The OIDC login and the launch are ours
 * (lti/launch.ts): cookie-less state, cached platform JWKS.
 *
 * ltijs pitfalls handled here: it is a singleton; `deploy()` exits the process (code 0) when the database fails,
 * so we run the plugin's `setup()` first; it installs a SIGINT handler calling `process.exit()`, which we remove.
 */
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import type { Deps } from '../server/deps.js';
import { publicUrl } from '../server/config.js';
import { getOrCreateSecret } from '../server/db/secrets.js';
import { PostgresLtiDatabase } from './db-plugin.js';

const require = createRequire(import.meta.url);

/** The parts of ltijs's Provider we use (it ships no types). */
export interface LtiProvider {
  app: (req: unknown, res: unknown) => void;
  setup(key: string, db: { plugin: unknown }, options: Record<string, unknown>): LtiProvider;
  deploy(o: { serverless: true; silent: true }): Promise<true>;
  registerPlatform(p: {
    url: string;
    name: string;
    clientId: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: { method: 'JWK_SET'; key: string };
  }): Promise<LtiPlatform>;
  getPlatform(url: string, clientId?: string): Promise<LtiPlatform | false | LtiPlatform[]>;
  Grade: {
    submitScore(idtoken: unknown, lineItemId: string, score: Record<string, unknown>): Promise<unknown>;
  };
  DeepLinking: { createDeepLinkingMessage(idtoken: unknown, items: unknown[], options?: Record<string, unknown>): Promise<string> };
  NamesAndRoles: { getMembers(idtoken: unknown, options?: Record<string, unknown>): Promise<{ members: unknown[] }> };
}
export interface LtiPlatform {
  platformAuthEndpoint(): Promise<string>;
  platformKid(): Promise<string>;
  platformClientId(): Promise<string>;
  platformActive(): Promise<boolean>;
}

let ready: Promise<LtiProvider> | undefined;
let readyFor: Deps | undefined;

/**
 * The process's ltijs provider, set up and deployed on first call.
 * @throws Error when called again with another database (ltijs is a singleton)
 */
export function getLti(deps: Deps): Promise<LtiProvider> {
  if (ready) {
    // Another pool on the same database (a second instance in one process, as tests do) may share it.
    const where = (d: Deps) => { const o = (d.sql as unknown as { options: { host: string[]; port: number[]; database: string } }).options; return `${o.host}:${o.port}/${o.database}`; };
    if (readyFor!.sql !== deps.sql && where(readyFor!) !== where(deps)) throw new Error('ltijs is a singleton: one LTI database per process');
    return ready;
  }
  readyFor = deps;
  ready = (async () => {
    const plugin = new PostgresLtiDatabase(deps.sql);
    await plugin.setup(); // fail here, loudly, rather than inside deploy() (which would exit the process)
    const key = await getOrCreateSecret(deps.sql, 'ltijs_key', () => randomBytes(32).toString('base64url'));
    const { Provider: lti } = require('ltijs') as { Provider: LtiProvider };
    const base = publicUrl(deps.config);
    lti.setup(key, { plugin }, {
      // Advertised in Dynamic Registration; served by lti/routes.ts, never reached inside ltijs.
      loginRoute: '/lti/login',
      appRoute: '/lti/launch',
      keysetRoute: '/lti/keys',
      dynRegRoute: '/lti/register',
      cors: false,
      dynReg: {
        url: base,
        name: 'Video rooms',
        description: 'Classroom video rooms with attendance',
        redirectUris: [`${base}/lti/launch`],
        autoActivate: true,
        useDeepLinking: true,
      },
    });
    const before = new Set(process.listeners('SIGINT'));
    await lti.deploy({ serverless: true, silent: true });
    for (const l of process.listeners('SIGINT')) if (!before.has(l)) process.removeListener('SIGINT', l);
    return lti;
  })();
  return ready;
}

/**
 * One Node listener for everything: ltijs's Express app for `/lti/keys` (the tool's JWKS; ltijs runs its session
 * validator on every path it sees, so only that one reaches it), Hono for the rest (including our own
 * `/lti/login`, `/lti/launch` and `/lti/register`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/** What this listener needs of the LTI tool (lti/provider.ts's ltijs provider; the core never imports lti/). */
export interface NodeApp {
  app(req: IncomingMessage, res: ServerResponse): void;
}

const LTIJS_PATHS = new Set(['/lti/keys']);

/** @param lti resolves the process's ltijs provider (set up on first use, see lti/provider.ts) */
export function createListener(fetch: (req: Request) => Response | Promise<Response>, lti?: () => Promise<NodeApp>) {
  const hono = getRequestListener(fetch);
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // Only reads reach ltijs (its Express body parsers would take up to 100 kB per type); the rest meets Hono's body limit.
    if (lti && LTIJS_PATHS.has(path) && (req.method === 'GET' || req.method === 'HEAD')) {
      lti().then(
        (p) => p.app(req, res),
        () => {
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"lti_unavailable","message":"The LTI tool is not available"}}');
        },
      );
      return;
    }
    return hono(req, res);
  };
}

/** Listen on host:port (0 → a free port); resolves with the bound port. */
export function listenNode(handler: ReturnType<typeof createListener>, port: number, host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/**
 * A webhook relay for the tests: the test LiveKit server's webhook URL is fixed when globalSetup starts it, but
 * each test file's server listens on its own port. LiveKit posts to the relay; the relay forwards every delivery
 * (raw body, Authorization and Content-Type unchanged) to every registered target.
 *
 *   POST   {relay}/targets  {"url": "http://127.0.0.1:PORT/api/v1/livekit/webhook"}  → 204 (register)
 *   DELETE {relay}/targets  {"url": …}                                             → 204 (unregister)
 *   POST   {relay}/webhook  (from LiveKit)                                         → 200 once forwarded
 */
import { createServer, type IncomingMessage } from 'node:http';

export interface WebhookRelay {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Where LiveKit should post: `${url}/webhook` */
  webhookUrl: string;
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Start the relay on a free loopback port. */
export async function startWebhookRelay(): Promise<WebhookRelay> {
  const targets = new Set<string>();
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (req.url === '/targets' && (req.method === 'POST' || req.method === 'DELETE')) {
        const { url } = JSON.parse(body.toString('utf8')) as { url?: unknown };
        if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
          res.writeHead(400).end('url required');
          return;
        }
        if (req.method === 'POST') targets.add(url);
        else targets.delete(url);
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'POST' && req.url === '/webhook') {
        const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? 'application/webhook+json' };
        if (req.headers.authorization) headers.authorization = req.headers.authorization;
        // A target that is gone or failing must not hold up the others (nor make LiveKit retry for everyone).
        await Promise.allSettled(
          [...targets].map((t) => fetch(t, { method: 'POST', headers, body: new Uint8Array(body), signal: AbortSignal.timeout(5000) }).then((r) => r.arrayBuffer())),
        );
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      res.writeHead(404).end();
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    webhookUrl: `${url}/webhook`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Register `target` with the relay at `relayUrl`; returns the function that unregisters it. */
export async function registerWebhookTarget(relayUrl: string, target: string): Promise<() => Promise<void>> {
  const call = async (method: 'POST' | 'DELETE') => {
    const res = await fetch(`${relayUrl}/targets`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: target }) });
    if (res.status !== 204) throw new Error(`webhook relay ${method} /targets: ${res.status} ${await res.text()}`);
  };
  await call('POST');
  return () => call('DELETE');
}

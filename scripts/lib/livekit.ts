/**
 * Runs a local LiveKit server in dev mode (key `devkey`, secret `secret`) on 127.0.0.1, for `npm start`
 * without LIVEKIT_URL and for the tests. The binary is installed by scripts/install-livekit.sh (pinned).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEV_API_KEY = 'devkey';
export const DEV_API_SECRET = 'secret';

const installScript = fileURLToPath(new URL('../install-livekit.sh', import.meta.url));

/**
 * Path of the pinned livekit-server binary, building it with Go when missing.
 * @throws Error saying what failed and how to use an existing deployment (LIVEKIT_URL…) instead
 */
export function ensureLiveKitBinary(): string {
  try {
    const out = execFileSync('bash', [installScript], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return out.trim().split('\n').pop()!;
  } catch {
    throw new Error(
      'The local LiveKit server could not be installed (scripts/install-livekit.sh failed, see above). ' +
        'Install Go, or set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET to use an existing LiveKit deployment.',
    );
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, ms: number, what: string, child?: ChildProcess) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what}: the process exited with code ${child.exitCode}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not ready after ${ms} ms`);
}

export interface LocalLiveKit {
  /** ws:// URL for browsers */
  url: string;
  apiKey: string;
  apiSecret: string;
  stop(): Promise<void>;
}

/**
 * Start livekit-server --dev bound to 127.0.0.1.
 * @param opts.port signalling/API port; RTC uses port+1 (TCP) and port+2 (UDP, single muxed port)
 * @param opts.webhookUrl where LiveKit POSTs signed webhooks (omit for none)
 * @param opts.stateDir holds the generated config and a pid file that lets the next run stop a leftover server
 */
export async function startLocalLiveKit(opts: { port: number; stateDir: string; webhookUrl?: string; log?: (m: string) => void }): Promise<LocalLiveKit> {
  const log = opts.log ?? (() => {});
  const bin = ensureLiveKitBinary();
  mkdirSync(opts.stateDir, { recursive: true });
  const pidFile = resolve(opts.stateDir, 'livekit.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (pid > 0 && alive(pid)) {
      log(`LiveKit: stopping a server left running by a previous run (pid ${pid})`);
      process.kill(pid, 'SIGKILL');
      await waitFor(async () => !alive(pid), 5000, 'stopping the old LiveKit server');
    }
    rmSync(pidFile, { force: true });
  }
  const configFile = resolve(opts.stateDir, 'livekit.yaml');
  writeFileSync(
    configFile,
    [
      `port: ${opts.port}`,
      'bind_addresses: ["127.0.0.1"]',
      'rtc:',
      `  tcp_port: ${opts.port + 1}`,
      `  udp_port: ${opts.port + 2}`,
      '  use_external_ip: false',
      '  node_ip: 127.0.0.1',
      'keys:',
      `  ${DEV_API_KEY}: ${DEV_API_SECRET}`,
      'logging:',
      '  level: warn',
      ...(opts.webhookUrl ? ['webhook:', `  api_key: ${DEV_API_KEY}`, '  urls:', `    - ${opts.webhookUrl}`] : []),
      '',
    ].join('\n'),
  );
  const child = spawn(bin, ['--dev', '--config', configFile, '--bind', '127.0.0.1', '--node-ip', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  writeFileSync(pidFile, String(child.pid));
  const httpUrl = `http://127.0.0.1:${opts.port}`;
  try {
    await waitFor(async () => (await fetch(httpUrl).catch(() => null))?.ok ?? false, 20_000, 'LiveKit server', child);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  return {
    url: `ws://127.0.0.1:${opts.port}`,
    apiKey: DEV_API_KEY,
    apiSecret: DEV_API_SECRET,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(pidFile, { force: true });
    },
  };
}

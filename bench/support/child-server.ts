/**
 * Servers under load in their own process, for benchmarks that compare two of them (bench/token-throughput.ts,
 * bench/webhook-ingest.ts). The child serves on a free loopback port and prints `READY <port>`; on SIGTERM it prints
 * `CPU <µs>`, the user + system CPU it spent after start-up (steadier than req/s on a shared machine), and exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { listen } from '../../server/main.js';

/** In the child: serve `fetch`, announce the port, report CPU on SIGTERM. */
export async function serveForBench(fetch: Parameters<typeof listen>[0]): Promise<void> {
  const { port } = await listen(fetch, 0, '127.0.0.1');
  const ready = process.cpuUsage();
  console.log(`READY ${port}`);
  process.on('SIGTERM', () => {
    const u = process.cpuUsage(ready);
    process.stdout.write(`CPU ${u.user + u.system}\n`, () => process.exit(0));
  });
}

export interface BenchChild {
  port: number;
  child: ChildProcess;
  /** The CPU (µs) the child spent after start-up, once it stopped. */
  cpu: Promise<number>;
}

const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** In the parent: run `script` with `args` under tsx; resolves once it serves. */
export async function startBenchChild(script: string, args: string[]): Promise<BenchChild> {
  const child = spawn(tsx, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const cpu = new Promise<number>((resolve) => child.once('close', () => resolve(Number(/CPU (\d+)/.exec(out)?.[1] ?? NaN))));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  return { port, child, cpu };
}

/** Stop a child server; resolves with the CPU (µs) it used after start-up. */
export function stopBenchChild(c: BenchChild): Promise<number> {
  c.child.kill();
  return c.cpu;
}

/**
 * Synthetic LiveKit publishers for large-room tests and `bench/large-room.ts`: each is a `@livekit/rtc-node` room
 * participant publishing a camera track of generated I420 frames (a moving bar on a per-publisher colour, default
 * 320×180 at 10 fps, simulcast on) and a microphone track that carries no frames (so that "everyone's audio is
 * subscribed" can be checked without encoding audio).
 *
 * Run as a child process (keeps its CPU out of the measuring process):
 *   tsx tests/support/synthetic-publishers.ts   with a JSON `PublisherPlan` on stdin;
 * it prints `ready <n>` once every track is published and stops (disconnecting everyone) when stdin closes or on
 * SIGTERM. `startPublishers()` does that from a test or a bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the child publishes: LiveKit URL, one participant token per publisher, frame size and rate. */
export interface PublisherPlan {
  url: string;
  tokens: string[];
  /** Frame width and height in pixels (default 320×180). */
  width?: number;
  height?: number;
  /** Frames per second (default 10). */
  fps?: number;
  /** Publish with simulcast (default true). */
  simulcast?: boolean;
}

/** A running child process of publishers. */
export interface Publishers {
  child: ChildProcess;
  /** Disconnect all publishers and end the child (resolves once it exited). */
  stop(): Promise<void>;
}

const self = fileURLToPath(import.meta.url);

/**
 * Start the publishers of `plan` in a child process (`tsx`); resolves once all are published.
 * @throws Error when the child exits or reports an error before it is ready, or after `timeoutMs` (default 120 s).
 */
export function startPublishers(plan: PublisherPlan, timeoutMs = 120_000): Promise<Publishers> {
  const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
  const child = spawn(tsx, [self], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
  child.stdin!.end(JSON.stringify(plan));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`synthetic publishers not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^ready \d+/m.test(out)) {
        clearTimeout(timer);
        resolve({ child, stop });
      } else if (/^error /m.test(out)) {
        clearTimeout(timer);
        void stop();
        reject(new Error(`synthetic publishers: ${out.trim()}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`synthetic publishers exited with code ${code}: ${out.trim()}`));
    });
  });
}

/** I420 frames of a bar moving across a coloured background (`count` frames, one colour per `hue`). */
function frames(width: number, height: number, hue: number, count: number): Uint8Array[] {
  const ySize = width * height;
  const cw = width >> 1;
  const ch = height >> 1;
  const out: Uint8Array[] = [];
  const u = 64 + ((hue * 53) % 128);
  const v = 64 + ((hue * 97) % 128);
  for (let f = 0; f < count; f++) {
    const buf = new Uint8Array(ySize + 2 * cw * ch);
    const bar = Math.floor((f / count) * width);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) buf[y * width + x] = Math.abs(x - bar) < width / 10 ? 235 : 40 + ((x + y + f * 7) & 63);
    }
    buf.fill(u, ySize, ySize + cw * ch);
    buf.fill(v, ySize + cw * ch);
    out.push(buf);
  }
  return out;
}

async function main() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const plan = JSON.parse(text) as PublisherPlan;
  const rtc = await import('@livekit/rtc-node');
  const { Room, VideoSource, VideoFrame, VideoBufferType, LocalVideoTrack, LocalAudioTrack, AudioSource, TrackPublishOptions, TrackSource, dispose } = rtc;
  const width = plan.width ?? 320;
  const height = plan.height ?? 180;
  const fps = plan.fps ?? 10;
  const rooms: InstanceType<typeof Room>[] = [];
  const sources: InstanceType<typeof VideoSource>[] = [];
  const palettes = Array.from({ length: 8 }, (_, h) => frames(width, height, h, 10));
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    await Promise.allSettled(rooms.map((r) => r.disconnect()));
    await dispose().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.stdin.on('end', () => void stop());
  try {
    // One after the other (concurrent connects of rtc-node 1.1 sometimes lose a room handle: "handle not found"),
    // each tried up to three times.
    const publishOne = async (token: string) => {
      let room = new Room();
      for (let attempt = 1; ; attempt++) {
        try {
          await room.connect(plan.url, token, { autoSubscribe: false, dynacast: true });
          break;
        } catch (e) {
          await room.disconnect().catch(() => {});
          if (attempt === 3) throw e;
          room = new Room();
        }
      }
      rooms.push(room);
      const source = new VideoSource(width, height);
      sources.push(source);
      const cam = LocalVideoTrack.createVideoTrack('camera', source);
      const mic = LocalAudioTrack.createAudioTrack('microphone', new AudioSource(48000, 1));
      const lp = room.localParticipant!;
      await lp.publishTrack(cam, Object.assign(new TrackPublishOptions(), { source: TrackSource.SOURCE_CAMERA, simulcast: plan.simulcast ?? true }));
      await lp.publishTrack(mic, Object.assign(new TrackPublishOptions(), { source: TrackSource.SOURCE_MICROPHONE }));
    };
    for (const token of plan.tokens) await publishOne(token);
    let n = 0;
    timer = setInterval(() => {
      n++;
      sources.forEach((s, i) => {
        const p = palettes[i % palettes.length]!;
        s.captureFrame(new VideoFrame(p[(n + i) % p.length]!, width, height, VideoBufferType.I420));
      });
    }, 1000 / fps);
    process.stdout.write(`ready ${sources.length}\n`);
  } catch (e) {
    process.stdout.write(`error ${String(e)}\n`);
    await stop();
  }
}

if (process.argv[1] === self) void main();
